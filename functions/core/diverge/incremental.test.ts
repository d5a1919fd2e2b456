import { describe, expect, it } from 'vitest';
import { detectDivergences } from './index.ts';
import { editionOf, structureOf, testThresholds } from './test-fixtures.ts';
import type { DivergenceEdition } from './types.ts';

const structure = structureOf([
  ['intro', 'paragraph'],
  ['aims', 'paragraph'],
  ['list', 'paragraph'],
  ['list.1', 'bullet', 'list'],
  ['list.2', 'bullet', 'list'],
  ['end', 'colophon'],
]);

const base = {
  intro: 'In 1998 the network of Lyon, Porto and Graz met with UNESCO to write the charter.',
  aims: 'The cities promise equal rights and opportunities to every resident, whatever their origin.',
  list: 'We will:',
  'list.1': 'talk with people who arrived recently and learn from them;',
  'list.2': 'write reports every second year on what was done.',
  end: 'Made with support from the European Commission.',
};

/** Editions of one charter as the ingests of a day deliver them: each run one more, or one changed. */
const days: Record<string, string>[][] = [
  [base, base],
  [base, base, { ...base, intro: base.intro.replace('1998', '1999') }],
  [
    base,
    base,
    { ...base, intro: base.intro.replace('1998', '1999') },
    { ...base, aims: base.end, end: base.aims },
  ],
  [
    base,
    base,
    base,
    { ...base, aims: base.end, end: base.aims },
    { ...base, intro: base.intro.replace('Porto', 'Oporto') },
  ],
];

describe('the detector across runs', () => {
  it('finds the same on editions it has prepared before as on editions it has never seen', () => {
    const seen = (word: string) => /^[a-z]+$/.test(word);
    const runWith = (isWord: (word: string) => boolean, texts: Record<string, string>[]) =>
      detectDivergences(
        {
          structure,
          editions: texts.map((t, i): DivergenceEdition => editionOf(`l${i}`, t, { isWord })),
        },
        testThresholds,
      );
    for (const texts of days) runWith(seen, texts);
    for (const texts of [...days].reverse()) {
      // A lexicon the detector has never met: nothing prepared for it can be reused.
      const fresh = (word: string) => /^[a-z]+$/.test(word);
      const expected = runWith(fresh, texts);
      expect(runWith(seen, texts)).toEqual(expected);
    }
    const changed = runWith(seen, days[1]!);
    expect(changed.some((f) => f.kind === 'number-mismatch' && f.langs.includes('l2'))).toBe(true);
    expect(runWith(seen, days[0]!).some((f) => f.kind === 'number-mismatch')).toBe(false);
  });
});
