// @ts-check
// Plain JavaScript so that server.mjs's modules can use it as well as the app's TypeScript.

/**
 * `text` without the run of `char` at its end. A loop rather than `/x+$/`: a regex engine tries that pattern from every
 * position of a long run that does not reach the end, which takes time quadratic in the run's length.
 *
 * @param {string} text
 * @param {string} char
 * @returns {string}
 */
export function withoutTrailing(text, char) {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}
