import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AlignContext,
  alignText,
  editionText,
  loadAlignContext,
  scoreAgainstReviewed,
} from '../bench/align-corpus.ts';

let context: AlignContext;

beforeAll(async () => {
  context = await loadAlignContext();
});

describe('aligning the seed editions', () => {
  it.each(['sv', 'nb', 'da'])(
    '%s with the other editions as references matches its reviewed transcription (F1 >= 0.97)',
    (lang) => {
      const result = alignText(context, editionText(lang), lang, 'other');
      const score = scoreAgainstReviewed(context, result, lang);
      const misses = score.outcomes
        .filter((o) => !o.matched)
        .map((o) => `${o.id} (${o.similarity.toFixed(2)})`);
      expect(score.f1, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(0.97);
    },
  );

  it('da on the structure alone (no references) reaches F1 >= 0.85', () => {
    const result = alignText(context, editionText('da'), 'da', 'none');
    expect(scoreAgainstReviewed(context, result, 'da').f1).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps mastheads and scanning debris as residue, not clauses', () => {
    const nb = alignText(context, editionText('nb'), 'nb', 'other');
    expect(nb.residue.map((r) => r.text)).toEqual(expect.arrayContaining(['LIVING IN EUVROPE', 'PROGRESS']));
    const sv = alignText(context, editionText('sv'), 'sv', 'other');
    expect(sv.residue.map((r) => r.text)).toEqual(expect.arrayContaining(['. . . .']));
  });

  it('reports the clause an edition lacks as missing (the Danish colophon)', () => {
    const result = alignText(context, editionText('da'), 'da', 'other');
    expect(result.missing).toEqual(['colophon.funding']);
  });
});
