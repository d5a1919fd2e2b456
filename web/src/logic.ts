/**
 * The review page's pure logic: filters <-> URL, the queue request, evidence highlighting, the diff of a
 * correction against its OCR text, what each decision means, and the keyboard map. No DOM here, so it is
 * tested under Node. Texts of different languages are never diffed word by word.
 */
import { DIVERGENCE_KINDS } from '../../functions/core/reviews/types.ts';

export const STATUSES = ['open', 'accepted', 'corrected', 'dismissed', 'resolved'] as const;
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

/** Words, runs of white space and single other characters: the units a correction is diffed in. */
function diffTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*|\s+|[\s\S]/gu) ?? [];
}

/** A run of a correction diff: kept, removed from the OCR text, or added by the reviewer. */
export interface DiffPart {
  text: string;
  op: 'same' | 'removed' | 'added';
}

/**
 * The reviewer's correction against the OCR text of the same language: a longest common subsequence of their
 * words and the text between them (exact, case kept), as runs of kept, removed and added text. Adjacent runs of
 * one kind merge. Never used between two languages.
 */
export function correctionDiff(ocr: string, corrected: string): DiffPart[] {
  const a = diffTokens(ocr);
  const b = diffTokens(corrected);
  const table: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] =
        a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (text: string, op: DiffPart['op']) => {
    const last = parts.at(-1);
    if (last?.op === op) last.text += text;
    else parts.push({ text, op });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push(a[i++]!, 'same');
      j++;
    } else if (j < b.length && (i === a.length || table[i]![j + 1]! >= table[i + 1]![j]!)) {
      push(b[j++]!, 'added');
    } else {
      push(a[i++]!, 'removed');
    }
  }
  return parts;
}

/** Evidence strings that are tokens to find in a text (numbers, names), not snippets of whole clauses. */
export function evidenceTerms(values: readonly string[]): string[] {
  return values
    .map((v) => v.trim())
    .filter((v) => v && v.length <= 60 && !/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?: /.test(v) && !v.endsWith('…'))
    .filter((v) => v.split(/\s+/).length <= 5);
}

/** A run of text and whether it is evidence of the flag. */
export interface Segment {
  text: string;
  /** The run matches an evidence term. */
  evidence: boolean;
}

/**
 * Splits `text` into runs marked as evidence (an occurrence of one of `terms`, case-insensitive, on word
 * boundaries) or not; adjacent runs with the same mark merge.
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
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
  for (let i = 0; i < text.length; i++) {
    const last = segments.at(-1);
    if (last && last.evidence === evidence[i]) last.text += text[i];
    else segments.push({ text: text[i]!, evidence: evidence[i]! });
  }
  return segments;
}

/** What each decision means, in one line a translator reads right (Accept is not "accept the translation"). */
export const DECISION_MEANING = {
  accept:
    'Accept: the editions really differ here (a real divergence); the texts stay as printed and the difference is noted in the export.',
  dismiss: 'Dismiss: a false alarm; nothing differs that matters (OCR noise or a detector mistake).',
  correct:
    'Correct: the stored text is misread; type the clause as printed and it becomes the record, the OCR text kept beside it.',
  reopen: 'Reopen: put the flag back in the open queue.',
} as const;

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

/**
 * Terms to highlight in every language's column for a flag: the evidence tokens (numbers, names) of both sides,
 * so each column shows where it has them and the reader sees where one lacks them.
 */
export function evidenceTermsOf(flag: {
  evidence: { actual: readonly string[]; expected: readonly string[] };
}): string[] {
  return [...new Set(evidenceTerms([...flag.evidence.actual, ...flag.evidence.expected]))];
}
