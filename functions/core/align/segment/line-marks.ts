/** Line-level layout cues: bullet and footnote marks, footnote references, debris, line widths. */

const BULLET_MARK = /^([•*+\-–—«»·°▪■►‣◦])[ \t]*(?=\S)/u;
const NUMBER_MARK = /^(\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹])[ \t]+(?=\p{Lu})/u;
const REFERENCE_MARK = /(?<=[\p{L}:;.,)”"])([*†‡¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2})[ \t]*$/u;
/** An ordered list's number at a line start: "1. ", "2) " (and "1, ", "3.. " as OCR reads a dot). */
const ORDINAL_MARK = /^(\d{1,2})([.,]{1,2}|\))[ \t]+(?=[\p{L}"'«„“(])/u;

/** An ordinal mark's number and style ("." for a dot as OCR reads it, or ")"). */
function ordinalKey(match: RegExpExecArray): string {
  return `${Number(match[1])}${match[2] === ')' ? ')' : '.'}`;
}

/** Words a numbered line needs after its number to be a list item: "17. artikla." is a numbered heading. */
const MIN_ITEM_WORDS = 3;

/** The ordinal mark of a list item at the start of `text`, or null (a numbered heading keeps its number). */
function ordinalMark(text: string): RegExpExecArray | null {
  const match = ORDINAL_MARK.exec(text);
  if (!match) return null;
  const words = text.slice(match[0].length).split(/\s+/u).filter(Boolean).length;
  return words >= MIN_ITEM_WORDS ? match : null;
}
const TERMINAL = /[.!?;:][)”"’»*†‡¹²³\d]?$/u;

/** Marks found at a line's start. */
export interface LeadingMark {
  /** Characters to drop from the line start. */
  length: number;
  bullet: boolean;
  /** The footnote mark when the line may start a footnote. */
  mark: string | null;
  /** No space between the mark and the first word. */
  glued: boolean;
}

/** Footnote reference marks used in the text: a "*" or small number glued to the end of a line's last word. */
export function referenceMarks(lines: readonly string[]): Set<string> {
  const marks = new Set<string>();
  for (const line of lines) {
    const match = REFERENCE_MARK.exec(line.trim());
    if (match) marks.add(toPlainMark(match[1]!));
  }
  return marks;
}

function toPlainMark(mark: string): string {
  const superscripts = '¹²³⁴⁵⁶⁷⁸⁹';
  const at = superscripts.indexOf(mark);
  return at >= 0 ? String(at + 1) : mark;
}

/**
 * The ordered-list numbers of a text: a line-start "n." or "n)" counts when another line starts with the number
 * before or after it in the same style, so that a date or an ordinal that a line break put first ("10. Dezember")
 * stays text.
 */
export function listOrdinals(lines: readonly string[]): Set<string> {
  const starts = new Set<string>();
  for (const line of lines) {
    const match = ordinalMark(line.trim());
    if (match) starts.add(ordinalKey(match));
  }
  const ordinals = new Set<string>();
  for (const mark of starts) {
    const n = Number.parseInt(mark, 10);
    const style = mark.slice(-1);
    if (starts.has(`${n - 1}${style}`) || starts.has(`${n + 1}${style}`)) ordinals.add(mark);
  }
  return ordinals;
}

/** The bullet or footnote mark at the start of `text` (already trimmed), if any. */
export function leadingMark(
  text: string,
  references: ReadonlySet<string>,
  ordinals: ReadonlySet<string> = new Set(),
): LeadingMark {
  const bullet = BULLET_MARK.exec(text);
  if (bullet) {
    const mark = bullet[1]!;
    return {
      length: bullet[0].length,
      bullet: true,
      mark: references.has(mark) ? mark : null,
      glued: bullet[0].length === 1,
    };
  }
  const number = NUMBER_MARK.exec(text);
  if (number && references.has(toPlainMark(number[1]!))) {
    return { length: number[0].length, bullet: false, mark: toPlainMark(number[1]!), glued: false };
  }
  const ordinal = ordinalMark(text);
  if (ordinal && ordinals.has(ordinalKey(ordinal))) {
    return { length: ordinal[0].length, bullet: true, mark: null, glued: false };
  }
  return { length: 0, bullet: false, mark: null, glued: false };
}

/** True when the line carries a footnote reference mark at its end. */
export function hasReferenceMark(text: string): boolean {
  return REFERENCE_MARK.test(text.trim());
}

/** Ends a sentence or a list item: . ! ? ; : (optionally followed by a closing quote or a footnote mark). */
export function endsTerminal(text: string): boolean {
  return TERMINAL.test(text.trimEnd());
}

/** Ends like a list item followed by its conjunction: "...; och", "...; og", "...; and". */
export function endsListConjunction(text: string): boolean {
  return /;\s+\p{Ll}{1,4}$/u.test(text.trimEnd());
}

/** Starts with a lower-case letter (after opening punctuation). */
export function startsLower(text: string): boolean {
  return /^[^\p{L}\p{N}]*\p{Ll}/u.test(text);
}

/** Starts with an upper-case letter or a digit (after opening punctuation). */
export function startsUpper(text: string): boolean {
  return /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(text);
}

/** Text with hardly any letters: scanning debris such as ". . . ." or ". o . A . .". */
export function isDebris(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) return true;
  const alphanumerics = (compact.match(/[\p{L}\p{N}]/gu) ?? []).length;
  const tokens = text.trim().split(/\s+/);
  if (tokens.length >= 3 && tokens.every((t) => t.length <= 1)) return true;
  return alphanumerics < 3 || alphanumerics / compact.length < 0.4;
}

/** Length of a leading run of debris tokens (three or more one-character tokens, mostly punctuation), or 0. */
export function debrisPrefixLength(text: string): number {
  const match = /^(?:\S(?:[ \t]+|$)){3,}/u.exec(text);
  if (!match) return 0;
  const tokens = match[0].trim().split(/\s+/);
  const punctuation = tokens.filter((t) => !/[\p{L}\p{N}]/u.test(t)).length;
  if (punctuation < 2 || punctuation < tokens.length / 2) return 0;
  return match[0].length;
}

/** The measure lines were wrapped to, and how many lines fill it. */
export interface LineMeasure {
  /** Typical width of a full line. */
  width: number;
  /** Share of the lines (of 20 characters or more) that end within 85-102% of the width. */
  share: number;
}

/**
 * Typical width of a full line of the document: the width below which most lines end just short of it
 * (justified or ragged text fills lines to 85-100% of the measure). Lines holding two columns read
 * across cluster near twice that width and lose to the single-column cluster; ties go to the narrower.
 */
export function lineMeasure(lines: readonly string[]): LineMeasure {
  const lengths = lines.map((l) => l.trim().length).filter((n) => n >= 20);
  if (lengths.length === 0) return { width: 80, share: 0 };
  let best = 0;
  let bestCount = -1;
  const longest = Math.max(...lengths);
  for (let width = 20; width <= longest; width++) {
    let count = 0;
    for (const n of lengths) if (n >= width * 0.85 && n <= width * 1.02) count++;
    if (count > bestCount) {
      bestCount = count;
      best = width;
    }
  }
  // The measure is the top of the cluster: the longest ordinary line within it.
  const cluster = lengths.filter((n) => n >= best * 0.85 && n <= best * 1.02).sort((a, b) => a - b);
  return { width: cluster[Math.floor(cluster.length * 0.65)] ?? best, share: bestCount / lengths.length };
}

/** Typical width of a full line of the document (see {@link lineMeasure}). */
export function typicalLineWidth(lines: readonly string[]): number {
  return lineMeasure(lines).width;
}
