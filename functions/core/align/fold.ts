/** Language-independent text folding and similarity measures used to compare clauses across editions. */
import levenshtein from 'fast-levenshtein';

const LETTER_MAP: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

/** Lower case, diacritics removed (å -> a, ø -> o, æ -> ae), punctuation turned into spaces, spaces collapsed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øæœßđłþð]/g, (ch) => LETTER_MAP[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Folded words of `text`. */
export function foldedWords(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}

/** Character trigrams of the folded text, words padded with spaces. */
export function trigramSet(text: string): Set<string> {
  const grams = new Set<string>();
  const padded = ` ${foldText(text)} `;
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient of two sets, 0 when both are empty. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** 1 - levenshtein / max length, on the folded texts (1 for two empty texts). */
export function foldedSimilarity(a: string, b: string): number {
  const x = foldText(a);
  const y = foldText(b);
  const max = Math.max(x.length, y.length);
  if (max === 0) return 1;
  return 1 - levenshtein.get(x, y) / max;
}

/**
 * Share of the long words of `a` that have a cognate in `b` (same first letter, normalised edit
 * distance at most 0.34 after folding). Survives OCR damage and closely related languages.
 */
export function cognateShare(aWords: readonly string[], bWords: readonly string[]): number {
  const long = aWords.filter((w) => w.length >= 4);
  if (long.length === 0) return 0;
  const byInitial = new Map<string, string[]>();
  for (const w of bWords) {
    if (w.length < 4) continue;
    const list = byInitial.get(w[0]!) ?? [];
    list.push(w);
    byInitial.set(w[0]!, list);
  }
  let hits = 0;
  for (const w of long) {
    const candidates = byInitial.get(w[0]!);
    if (!candidates) continue;
    for (const c of candidates) {
      if (Math.abs(c.length - w.length) > Math.ceil(0.34 * Math.max(c.length, w.length))) continue;
      if (c === w || levenshtein.get(c, w) <= 0.34 * Math.max(c.length, w.length)) {
        hits++;
        break;
      }
    }
  }
  return hits / long.length;
}
