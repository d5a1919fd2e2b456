import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCharterStructure, loadReviewedEditions } from '../functions/adapters/resources/charters.ts';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import type { CharterStructure } from '../functions/core/structure/types.ts';
import * as cleaning from '../functions/core/text/clean-text.ts';
import type { ConfusionModel } from '../functions/core/text/types.ts';
import { processEditionText } from '../functions/core/pipeline/process-edition-text.ts';

vi.mock('../functions/core/text/clean-text.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../functions/core/text/clean-text.ts')>();
  return { ...original, cleanFragment: vi.fn(original.cleanFragment) };
});

const CHARTER = 'integrating-cities';
let structure: CharterStructure;
let confusions: ConfusionModel;

beforeAll(async () => {
  structure = loadCharterStructure(CHARTER);
  confusions = await loadConfusionModel();
});

const edition = (lang: string) =>
  readFileSync(new URL(`../corpus/charters/${CHARTER}/editions/${lang}.txt`, import.meta.url), 'utf8');

describe('processEditionText cleans an edition once', () => {
  it('gives each clause the whole edition cleaning, without cleaning any clause again', async () => {
    const cleanFragment = vi.mocked(cleaning.cleanFragment);
    cleanFragment.mockClear();
    const { clean, alignment } = await processEditionText(edition('nb'), {
      structure,
      references: loadReviewedEditions(structure, { exclude: ['nb'] }),
      lang: 'nb',
      resources: await loadLanguage('nb'),
      confusions,
    });
    // A one-column print: the cleaner read every line the aligner reads, so no clause is cleaned on its own.
    expect(cleanFragment).not.toHaveBeenCalled();
    const words = (text: string) => new Set(text.split(/[^\p{L}\p{N}]+/u));
    const clauseWords = words(alignment.clauses.map((c) => c.text).join(' '));
    const cleanWords = words(clean!.text);
    // Words the cleaner corrected everywhere in the edition are corrected in the clauses too.
    const corrected = clean!.changes.filter(
      (c) => c.ruleId === 'ocr-word' && /^\p{L}+$/u.test(c.actual) && !cleanWords.has(c.actual),
    );
    expect(corrected.length).toBeGreaterThan(5);
    for (const c of corrected) expect(clauseWords.has(c.actual), c.actual).toBe(false);
  });

  it('cleans on their own only the clauses the aligner cut out of a line (columns side by side)', async () => {
    const cleanFragment = vi.mocked(cleaning.cleanFragment);
    cleanFragment.mockClear();
    const { alignment } = await processEditionText(edition('sv'), {
      structure,
      references: loadReviewedEditions(structure, { exclude: ['sv'] }),
      lang: 'sv',
      resources: await loadLanguage('sv'),
      confusions,
    });
    expect(cleanFragment.mock.calls.length).toBeGreaterThan(0);
    expect(cleanFragment.mock.calls.length).toBeLessThan(alignment.clauses.length);
  });
});
