/** A small aligned record with the texts that break naive writers, for the export tests. */
import type { ExportInput, ExportRecord } from './types.ts';

/** Texts no writer may alter: separators, quotes, line breaks, markup characters, non-Latin scripts. */
export const TRICKY = {
  comma: 'Cities, regions, and states',
  quotes: 'She said "welcome" and \'goodbye\'',
  newline: 'first line\nsecond line',
  crlf: 'windows\r\nline',
  markup: 'a < b && c > d; <tag attr="x"> &amp; ]]>',
  greek: 'Ελληνικά κείμενα',
  arabic: 'ميثاق المدن',
  cjk: '城市宪章，第一条',
  emoji: 'EU 🇪🇺 flag',
  spaces: '  padded  ',
} as const;

const record = (
  clauseId: string,
  lang: string,
  text: string,
  confidence = 0.9,
  version = 1,
  quality?: number | null,
): ExportRecord => ({
  clauseId,
  lang,
  text,
  confidence,
  ...(quality === undefined ? {} : { quality }),
  version,
});

/** Three clauses in canonical order, `c.missing` in no edition, `sv` lacking `c.two`. */
export function trickyInput(): ExportInput {
  return {
    charter: 'c1',
    clauses: [
      { id: 'c.one', order: 0 },
      { id: 'c.two', order: 1 },
      { id: 'c.missing', order: 2 },
      { id: 'c.three', order: 3 },
    ],
    records: [
      record('c.three', 'sv', TRICKY.cjk, 0.5, 2),
      record('c.one', 'sv', TRICKY.quotes, 0.75, 2, 0.625),
      record('c.one', 'en', TRICKY.comma, 1, 1, 1),
      // No lexicon for Greek: its quality is unknown.
      record('c.one', 'el', TRICKY.greek, 0.875, 3, null),
      record('c.two', 'en', TRICKY.newline),
      record('c.two', 'el', TRICKY.markup),
      record('c.three', 'en', TRICKY.crlf),
      record('c.three', 'el', `${TRICKY.arabic} ${TRICKY.emoji}${TRICKY.spaces}`),
    ],
    flags: [
      { id: 'c1:c.two:missing-clause:sv', clause: 'c.two', langs: ['sv'] },
      { id: 'c1:c.one:number-mismatch:el+sv', clause: 'c.one', langs: ['el', 'sv'] },
      { id: 'c1:residue:unaligned-residue:en', clause: 'residue', langs: ['en'] },
    ],
  };
}
