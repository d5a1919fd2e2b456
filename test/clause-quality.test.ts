import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCharterStructure, loadReviewedEditions } from '../functions/adapters/resources/charters.ts';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import type { CharterStructure, ReviewedEdition } from '../functions/core/structure/types.ts';
import type { ConfusionModel, LanguageResources } from '../functions/core/text/types.ts';
import { processEditionText } from '../functions/core/pipeline/process-edition-text.ts';

const CHARTER = 'integrating-cities';
let structure: CharterStructure;
let references: ReviewedEdition[];
let sv: LanguageResources;
let confusions: ConfusionModel;
let text: string;

beforeAll(async () => {
  structure = loadCharterStructure(CHARTER);
  references = loadReviewedEditions(structure, { exclude: ['sv'] });
  [sv, confusions] = await Promise.all([loadLanguage('sv'), loadConfusionModel()]);
  text = readFileSync(new URL(`../corpus/charters/${CHARTER}/editions/sv.txt`, import.meta.url), 'utf8');
});

describe('processEditionText', () => {
  it('rates the cleaned text of every aligned clause with the language lexicon', async () => {
    const { alignment, quality } = await processEditionText(text, {
      structure,
      references,
      lang: 'sv',
      resources: sv,
      confusions,
    });
    expect(Object.keys(quality!).sort()).toEqual(alignment.clauses.map((c) => c.id).sort());
    for (const rated of Object.values(quality!)) {
      expect(rated.score).toBeGreaterThanOrEqual(0);
      expect(rated.score).toBeLessThanOrEqual(1);
    }
    // The cleaned print reads well, but the words the cleaner left damaged are named where they stand.
    const scores = Object.values(quality!).map((q) => q.score);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThan(0.95);
    for (const clause of alignment.clauses) {
      for (const word of quality![clause.id]!.unknownWords) expect(clause.text).toContain(word);
    }
  });

  it('leaves the quality unknown (null) for a language without a lexicon', async () => {
    const { clean, quality } = await processEditionText(text, {
      structure,
      references,
      lang: 'sv',
      resources: null,
    });
    expect(clean).toBeNull();
    expect(quality).toBeNull();
  });
});
