import { RichText } from '@/components/rich-text';

/** A numbered list of content steps (what to check, how to fix, what to send). */
export function StepList({ steps }: { steps: readonly string[] }) {
  return (
    <ol className="steps">
      {steps.map((step, i) => (
        <li key={i}>
          <RichText text={step} />
        </li>
      ))}
    </ol>
  );
}
