/** A word as the page's word-pair statistics count it: lower case, without punctuation at either end. */
export function wordKey(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
