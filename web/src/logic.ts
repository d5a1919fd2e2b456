/**
 * The review page's pure logic: filters <-> URL, the queue request, word diff against the closest edition,
 * evidence highlighting, and the keyboard map. No DOM here, so it is tested under Node.
 */
import { DIVERGENCE_KINDS } from '../../functions/core/reviews/types.ts';

export const STATUSES = ['open', 'accepted', 'corrected', 'dismissed'] as const;
export const KINDS = DIVERGENCE_KINDS;

/** Queue filters; an empty string means "any". */
export interface Filters {
  charter: string;
  lang: string;
  kind: string;
  /** A status, or '' for every status. */
  status: string;
}

export const DEFAULT_FILTERS: Filters = { charter: '', lang: '', kind: '', status: 'open' };

/** Filters from a location search string (`?charter=..&lang=..`); unknown values fall back to the defaults. */
export function filtersFromSearch(search: string): Filters {
  const params = new URLSearchParams(search);
  const id = (value: string | null) => (value && /^[a-z0-9][a-z0-9._-]*$/i.test(value) ? value : '');
  const status = params.get('status');
  const kind = params.get('kind') ?? '';
  return {
    charter: id(params.get('charter')),
    lang: id(params.get('lang')),
    kind: (KINDS as readonly string[]).includes(kind) ? kind : '',
    status:
      status === null
        ? DEFAULT_FILTERS.status
        : status === 'all' || !(STATUSES as readonly string[]).includes(status)
          ? ''
          : status,
  };
}

/** The search string that {@link filtersFromSearch} reads back as `filters`. */
export function searchFromFilters(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.charter) params.set('charter', filters.charter);
  if (filters.lang) params.set('lang', filters.lang);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.status !== DEFAULT_FILTERS.status) params.set('status', filters.status || 'all');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API request for one page of the queue. */
export function queueUrl(filters: Filters, cursor: string | null, limit = 50): string {
  const params = new URLSearchParams();
  for (const name of ['status', 'charter', 'lang', 'kind'] as const) {
    if (filters[name]) params.set(name, filters[name]);
  }
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/reviews?${params}`;
}

/** A word or the text between words, with its place in the text. */
export interface Token {
  text: string;
  start: number;
  word: boolean;
}

/** Splits text into words (letters, digits, inner hyphens and apostrophes) and the text between them. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) tokens.push({ text: text.slice(last, start), start: last, word: false });
    tokens.push({ text: match[0], start, word: true });
    last = start + match[0].length;
  }
  if (last < text.length) tokens.push({ text: text.slice(last), start: last, word: false });
  return tokens;
}

/** A word folded for comparison across related languages: lower case, no diacritics, æ/ø/å/ä/ö alike. */
export function foldWord(word: string): string {
  return word.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').normalize('NFD').replace(/\p{M}/gu, '');
}

function bigrams(word: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 2 <= word.length; i++) grams.push(word.slice(i, i + 2));
  return grams;
}

/**
 * Do two folded words count as the same word? Equal, or (both longer than three letters and not numbers)
 * cognates: a Dice similarity of their letter pairs of at least 0.6, as in Norwegian "publikasjonen" and
 * Swedish "publikationen". Numbers must be equal.
 */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 4 || b.length < 4 || /\d/.test(a) || /\d/.test(b)) return false;
  const x = bigrams(a);
  const y = bigrams(b);
  const pool = new Map<string, number>();
  for (const gram of y) pool.set(gram, (pool.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of x) {
    const left = pool.get(gram) ?? 0;
    if (left > 0) {
      shared++;
      pool.set(gram, left - 1);
    }
  }
  return (2 * shared) / (x.length + y.length) >= 0.6;
}

/**
 * Which words of `text` have no counterpart in `other`, by a longest common subsequence of folded words in
 * which cognates count as the same word ({@link sameWord}): the indexes (into `tokenize(text)`) of the words
 * to mark as differing.
 */
export function wordDiff(text: string, other: string): Set<number> {
  const mine = tokenize(text)
    .map((t, index) => ({ ...t, index }))
    .filter((t) => t.word);
  const theirs = tokenize(other).filter((t) => t.word);
  const a = mine.map((t) => foldWord(t.text));
  const b = theirs.map((t) => foldWord(t.text));
  // Heaviest common subsequence (a match weighs its word's length, so content words win over short function
  // words), rows from the end so the walk below goes forward.
  const same = a.map((x) => b.map((y) => sameWord(x, y)));
  const table: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const skip = Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
      table[i]![j] = same[i]![j] ? Math.max(skip, table[i + 1]![j + 1]! + a[i]!.length) : skip;
    }
  }
  const changed = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < a.length) {
    if (j < b.length && same[i]![j] && table[i]![j] === table[i + 1]![j + 1]! + a[i]!.length) {
      i++;
      j++;
    } else if (j < b.length && table[i]![j + 1]! === table[i]![j]!) {
      j++;
    } else {
      changed.add(mine[i]!.index);
      i++;
    }
  }
  return changed;
}

function trigrams(text: string): Map<string, number> {
  const folded = ` ${tokenize(text)
    .filter((t) => t.word)
    .map((t) => foldWord(t.text))
    .join(' ')} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= folded.length; i++) {
    const gram = folded.slice(i, i + 3);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice similarity of two texts' folded character trigrams, in [0, 1]. */
export function similarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  let total = 0;
  for (const [gram, count] of x) {
    shared += Math.min(count, y.get(gram) ?? 0);
    total += count;
  }
  for (const count of y.values()) total += count;
  return total ? (2 * shared) / total : 0;
}

/** The other language whose text is most like `lang`'s, or null when there is none. */
export function closestEdition(lang: string, texts: Record<string, string>): string | null {
  const own = texts[lang];
  if (own === undefined) return null;
  let best: string | null = null;
  let bestScore = -1;
  for (const [other, text] of Object.entries(texts).sort(([x], [y]) => x.localeCompare(y))) {
    if (other === lang || !text) continue;
    const score = similarity(own, text);
    if (score > bestScore) {
      best = other;
      bestScore = score;
    }
  }
  return best;
}

/** Evidence strings that are tokens to find in a text (numbers, names), not snippets of whole clauses. */
export function evidenceTerms(values: readonly string[]): string[] {
  return values
    .map((v) => v.trim())
    .filter((v) => v && v.length <= 60 && !/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?: /.test(v) && !v.endsWith('…'))
    .filter((v) => v.split(/\s+/).length <= 5);
}

/** A run of text and how to show it. */
export interface Segment {
  text: string;
  /** The run matches an evidence term. */
  evidence: boolean;
  /** The run's words have no counterpart in the compared edition. */
  changed: boolean;
}

/**
 * Splits `text` into runs marked as evidence (an occurrence of one of `terms`, case-insensitive, on word
 * boundaries) and as changed (words whose token index is in `changed`); adjacent runs with the same marks merge.
 */
export function highlight(
  text: string,
  terms: readonly string[],
  changed: ReadonlySet<number> = new Set(),
): Segment[] {
  const evidence = new Array<boolean>(text.length).fill(false);
  const lower = text.toLowerCase();
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (!needle) continue;
    for (let from = lower.indexOf(needle); from >= 0; from = lower.indexOf(needle, from + 1)) {
      const before = from > 0 ? lower[from - 1]! : ' ';
      const after = lower[from + needle.length] ?? ' ';
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      evidence.fill(true, from, from + needle.length);
    }
  }
  const segments: Segment[] = [];
  tokenize(text).forEach((token, index) => {
    const isChanged = token.word && changed.has(index);
    for (let i = 0; i < token.text.length; i++) {
      const mark = { evidence: evidence[token.start + i]!, changed: isChanged };
      const last = segments.at(-1);
      if (last && last.evidence === mark.evidence && last.changed === mark.changed)
        last.text += token.text[i];
      else segments.push({ text: token.text[i]!, ...mark });
    }
  });
  return segments;
}

/** What a key press does on the page. */
export type KeyAction =
  | 'next'
  | 'previous'
  | 'accept'
  | 'dismiss'
  | 'correct'
  | 'search'
  | 'cancel'
  | 'submit';

/**
 * The keyboard map: j/k move through the queue, a/d/c start a decision, / goes to the filters, Escape cancels,
 * Ctrl/Cmd+Enter saves a decision. Letters do nothing while the reviewer is typing.
 */
export function keyAction(
  key: string,
  context: { typing: boolean; ctrl?: boolean; meta?: boolean; alt?: boolean },
): KeyAction | null {
  if (key === 'Escape') return 'cancel';
  if (key === 'Enter' && (context.ctrl || context.meta)) return 'submit';
  if (context.typing || context.ctrl || context.meta || context.alt) return null;
  const map: Record<string, KeyAction> = {
    j: 'next',
    ArrowDown: 'next',
    k: 'previous',
    ArrowUp: 'previous',
    a: 'accept',
    d: 'dismiss',
    c: 'correct',
    '/': 'search',
  };
  return map[key] ?? null;
}

/** The selection after moving by `delta` in a list of `length` items (stays inside the list). */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return -1;
  if (index < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, index + delta));
}

/** Terms to highlight in one language's column for a flag: what it has (flagged) or what it should have. */
export function termsFor(
  flag: { langs: readonly string[]; evidence: { actual: readonly string[]; expected: readonly string[] } },
  lang: string,
): string[] {
  return evidenceTerms(flag.langs.includes(lang) ? flag.evidence.actual : flag.evidence.expected);
}
