/** Diacritic folding: a word as OCR that lost its diacritics writes it. */

const SPECIAL_FOLDS: Record<string, string> = {
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
};
const folds = new Map<string, string>();

function foldChar(ch: string): string {
  let found = folds.get(ch);
  if (found === undefined) {
    found = SPECIAL_FOLDS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
    folds.set(ch, found);
  }
  return found;
}

/** A word without diacritics, as OCR that lost them writes it: "städer" -> "stader", "være" -> "vaere". */
export function foldDiacritics(word: string): string {
  let out = '';
  for (const ch of word) out += ch.charCodeAt(0) < 128 ? ch : foldChar(ch);
  return out;
}
