/**
 * The whole edition's cleaning carried over to each aligned clause, so that an edition is cleaned once: the
 * word-level changes of `cleanText` (line-end hyphens, specks, OCR word fixes) are placed in the edition's
 * source coordinates through the laid-out lines the cleaner read, and each clause's raw text takes the changes
 * that fall inside its source spans. A change is found in the clause's text by its own text, its rank among
 * the same text's occurrences and the words on either side, never by offset alone (the aligner's lines are
 * tidied, a few characters may have moved).
 */
import type { SourceLine, SourceSpan } from '../align/segment/types.ts';
import type { Change, CleanResult } from '../text/types.ts';

/** The cleaning plugins whose changes are made inside a clause's text (not layout: bullets, paragraphs). */
const WORD_LEVEL = new Set(['retext-dehyphenate', 'retext-specks', 'retext-fix-ocr']);
/** Characters a change may lie from where its source offset puts it in the clause's source text. */
const TOLERANCE = 12;
/** A hyphen that ended a line, with the line break after it. */
const BROKEN_HYPHEN = /[-‐¬\u00AD]\s+/u;

/** A change placed in the source: `at` is the source offset of its first character. */
interface PlacedChange {
  at: number;
  change: Change;
}

/** A clause text cleaned, and the words the cleaner left unread inside it. */
export interface CleanedClause {
  text: string;
  /** Words marked `unknown-word` by the whole-edition cleaning inside the clause's spans. */
  unread: string[];
}

/**
 * Cleans a clause's raw text (as the aligner joins it) given its source spans (in the text's order); null when
 * a span is part of a laid-out line (the aligner cut a line the cleaner read whole: columns read across on one
 * line), where the cleaner read other words beside the clause's and its changes there cannot be trusted.
 */
export type ClauseCleaner = (raw: string, spans: readonly SourceSpan[]) => CleanedClause | null;

/**
 * The clause cleaner of an edition cleaned whole: `lines` are the laid-out lines whose text, joined by line
 * breaks, `clean` was made from (line n of a change is `lines[n - 1]`).
 */
export function clauseCleaner(lines: readonly SourceLine[], clean: CleanResult): ClauseCleaner {
  const byStart = lines.filter((line) => line.text.length > 0).sort((a, b) => a.start - b.start);
  const place = (changes: readonly Change[]) =>
    changes
      .flatMap((change) => {
        const line = lines[change.line - 1];
        return line && change.column > 0 ? [{ at: line.start + change.column - 1, change }] : [];
      })
      .sort((a, b) => a.at - b.at);
  const changes = place(clean.changes.filter((c) => WORD_LEVEL.has(c.source)));
  const marks = place(clean.marks ?? []);

  return (raw, spans) => {
    // The clause's source text in its spans' order, and where each span starts in it.
    let source = '';
    const offsets: number[] = [];
    for (const span of spans) {
      const line = lineAt(byStart, span.start);
      if (!line || !wholeLine(line, span)) return null;
      if (source) source += '\n';
      offsets.push(source.length);
      source += line.text.slice(span.start - line.start, span.end - line.start);
    }
    const inside = (placed: readonly PlacedChange[]) => {
      const found: { change: Change; at: number; order: number }[] = [];
      spans.forEach((span, i) => {
        for (const p of within(placed, span))
          found.push({ change: p.change, at: offsets[i]! + p.at - span.start, order: i });
      });
      return found;
    };
    let text = raw;
    // Changes in the order the cleaner made them; both texts change as they go (a change may build on another).
    const pending = inside(changes).sort(
      (a, b) => a.change.line - b.change.line || a.change.column - b.change.column,
    );
    let shifts: { at: number; delta: number }[] = [];
    for (const { change, at } of pending) {
      const moved = at + shifts.filter((s) => s.at < at).reduce((n, s) => n + s.delta, 0);
      const applied = carryOver(source, text, moved, change);
      if (!applied) continue;
      source = applied.source;
      text = applied.text;
      shifts = [...shifts, { at: applied.sourceAt, delta: applied.sourceDelta }];
    }
    const unread = inside(marks).map((m) => m.change.actual);
    return { text: text.replace(/\s+/gu, ' ').trim(), unread };
  };
}

/** The line whose source range holds `at` (lines sorted by start), if any. */
function lineAt(lines: readonly SourceLine[], at: number): SourceLine | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  let found: SourceLine | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.start <= at) {
      found = lines[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && at <= found.start + found.text.length ? found : undefined;
}

const WORD = /[\p{L}\p{N}]{2}/u;

/**
 * The span covers all the words of its line: nothing but marks before it, and after it no more than the
 * characters the aligner's tidying dropped (runs of white space, control characters).
 */
function wholeLine(line: SourceLine, span: SourceSpan): boolean {
  const from = span.start - line.start;
  if (WORD.test(line.text.slice(0, Math.max(0, from)))) return false;
  const rest = line.text.slice(Math.max(0, from));
  return !WORD.test(rest.slice(rawLength(rest, span.end - span.start)));
}

/** How many characters of `raw` make its first `tidied` characters once white space runs are one space. */
function rawLength(raw: string, tidied: number): number {
  let count = 0;
  let space = false;
  for (let i = 0; i < raw.length; i++) {
    if (count >= tidied) return i;
    const ch = raw.charAt(i);
    if (/[\p{Cc}\uFFFD]/u.test(ch) && ch !== '\t') continue;
    const white = /\s/u.test(ch);
    if (!(white && space)) count++;
    space = white;
  }
  return raw.length;
}

/** The placed changes (sorted by offset) inside a span. */
function within(placed: readonly PlacedChange[], span: SourceSpan): PlacedChange[] {
  let lo = 0;
  let hi = placed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placed[mid]!.at < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: PlacedChange[] = [];
  for (let i = lo; i < placed.length && placed[i]!.at < span.end; i++) out.push(placed[i]!);
  return out;
}

const ALNUM = /[\p{L}\p{N}]/u;

/** A global pattern of `text` as a whole: white space as any white space, word edges kept. */
function patternOf(text: string): RegExp {
  const body = text
    .trim()
    .split(/\s+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .join('\\s+');
  const trimmed = text.trim();
  const before = ALNUM.test(trimmed.charAt(0)) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = ALNUM.test(trimmed.charAt(trimmed.length - 1)) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, 'gu');
}

/** `word` as written, or broken by a hyphen at a line end between any two of its characters. */
function brokenPatternOf(word: string): RegExp {
  const chars = [...word].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${chars.join('(?:[-‐¬\\u00AD]\\s+)?')}(?![\\p{L}\\p{N}])`, 'gu');
}

interface Match {
  index: number;
  end: number;
}

function matchesOf(pattern: RegExp, text: string): Match[] {
  return [...text.matchAll(pattern)].map((m) => ({ index: m.index!, end: m.index! + m[0].length }));
}

const patterns = new Map<string, RegExp>();
const MAX_PATTERNS = 10_000;

/** Where `actual` stands in `text` as a whole (not inside a longer word), white space as any white space. */
function occurrences(actual: string, text: string): Match[] {
  const trimmed = actual.trim();
  if (/\s/u.test(trimmed)) {
    let pattern = patterns.get(trimmed);
    if (!pattern) {
      if (patterns.size >= MAX_PATTERNS) patterns.clear();
      pattern = patternOf(trimmed);
      patterns.set(trimmed, pattern);
    }
    return matchesOf(pattern, text);
  }
  // One token: found by position, its edges checked by hand (most changes are one word).
  const out: Match[] = [];
  const openStart = ALNUM.test(trimmed.charAt(0));
  const openEnd = ALNUM.test(trimmed.charAt(trimmed.length - 1));
  for (let at = text.indexOf(trimmed); at >= 0; at = text.indexOf(trimmed, at + 1)) {
    const end = at + trimmed.length;
    if (openStart && at > 0 && ALNUM.test(text.charAt(at - 1))) continue;
    if (openEnd && end < text.length && ALNUM.test(text.charAt(end))) continue;
    out.push({ index: at, end });
  }
  return out;
}

/** The word before a match and the word after it (letters and digits), for telling occurrences apart. */
function contextOf(text: string, match: Match): [string, string] {
  let to = match.index;
  while (to > 0 && !ALNUM.test(text.charAt(to - 1))) to--;
  let from = to;
  while (from > 0 && ALNUM.test(text.charAt(from - 1))) from--;
  let start = match.end;
  while (start < text.length && !ALNUM.test(text.charAt(start))) start++;
  let stop = start;
  while (stop < text.length && ALNUM.test(text.charAt(stop))) stop++;
  return [text.slice(from, to), text.slice(start, stop)];
}

/**
 * Makes `change` in the clause's source text near `at` and in its raw text at the same occurrence; null when
 * either cannot be found with confidence.
 */
function carryOver(
  source: string,
  text: string,
  at: number,
  change: Change,
): { source: string; text: string; sourceAt: number; sourceDelta: number } | null {
  if (!change.actual.trim()) return null;
  let inSource = occurrences(change.actual, source);
  // A word the cleaner joined across a line end is still broken in the clause's source lines.
  if (!inSource.length && /^[\p{L}\p{N}]{2,}$/u.test(change.actual))
    inSource = matchesOf(brokenPatternOf(change.actual), source);
  let rank = -1;
  for (let i = 0; i < inSource.length; i++) {
    const distance = Math.abs(inSource[i]!.index - at);
    if (distance <= TOLERANCE && (rank < 0 || distance < Math.abs(inSource[rank]!.index - at))) rank = i;
  }
  if (rank < 0) return null;
  const found = inSource[rank]!;
  const [left, right] = contextOf(source, found);
  // A word broken at a line end may already be joined in the aligner's text (the hyphen dropped, or kept).
  let inText = occurrences(change.actual, text);
  if (!inText.length && BROKEN_HYPHEN.test(change.actual)) {
    const joined = change.actual.replace(BROKEN_HYPHEN, '');
    const kept = change.actual.replace(BROKEN_HYPHEN, (hyphen) => hyphen.charAt(0));
    inText = [...occurrences(joined, text), ...occurrences(kept, text)].sort((a, b) => a.index - b.index);
  }
  if (!inText.length) return null;
  // The occurrence with most neighbours in common, then the one of the nearest rank.
  let best = -1;
  let bestShared = -1;
  inText.forEach((match, i) => {
    const [l, r] = contextOf(text, match);
    const shared = Number(l === left) + Number(r === right);
    if (shared > bestShared || (shared === bestShared && Math.abs(i - rank) < Math.abs(best - rank))) {
      best = i;
      bestShared = shared;
    }
  });
  // Without a neighbour in common, only the one occurrence on both sides is sure to be the same.
  if (bestShared === 0 && !(inText.length === 1 && inSource.length === 1)) return null;
  const target = inText[best]!;
  return {
    source: source.slice(0, found.index) + change.expected + source.slice(found.end),
    text: text.slice(0, target.index) + change.expected + text.slice(target.end),
    sourceAt: found.index,
    sourceDelta: change.expected.length - (found.end - found.index),
  };
}
