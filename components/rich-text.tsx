/** Renders content text, where `backticks` mark code. Never interprets HTML. */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
