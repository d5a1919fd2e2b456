/** A word as the page's word-pair statistics count it: lower case, without punctuation at either end. */
export function wordKey(word: string): string {
  const lower = word.toLowerCase();
  // Most words start and end with a letter or digit: nothing to take off (the pattern is tried from every start).
  if (LETTER_OR_DIGIT.test(lower.charAt(0)) && LETTER_OR_DIGIT.test(lower.charAt(lower.length - 1)))
    return lower;
  return lower.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** One letter or digit (a lone surrogate is neither: such words take the pattern). */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
