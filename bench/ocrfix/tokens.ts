/** Tokenisation shared by the OCR-cleaning benchmark and its diff tool. */

/** Tokens of a text: white-space separated, quotes, apostrophes and dashes folded. */
export function tokens(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/[’‘`´‚]/gu, "'")
    .replace(/[“”„«»]/gu, '"')
    .replace(/[–—‐−]/gu, '-')
    .split(/\s+/u)
    .filter((token) => token !== '');
}
