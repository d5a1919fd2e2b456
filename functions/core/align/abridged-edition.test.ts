import { describe, expect, it } from 'vitest';
import { loadCharterStructure, loadReviewedEditions } from '../../adapters/resources/charters.ts';
import { alignEdition } from './align-edition.ts';

/**
 * An edition that holds only part of a charter (an abridged edition, or one article range printed alone): the
 * lengths its clauses are expected to have must come from the clauses it holds, not from the whole charter. Each
 * clause is one line (unwrapped text, as copied from a web page), which the segmenter must never cut.
 */
describe('aligning an edition that holds a run of the charter only', () => {
  const structure = loadCharterStructure('udhr');
  const reviewed = loadReviewedEditions(structure);
  const ids = structure.clauses.map((c) => c.id);

  it.each([
    ['sv', ['en', 'de', 'da'], 20, 44, 0.95],
    // The preamble: one sentence whose "enär ..." clauses are set apart by blank lines, each a clause.
    ['sv', ['en', 'de', 'da'], 0, 30, 0.9],
    ['da', ['en', 'fr', 'nl'], 0, 30, 0.85],
    ['pl', ['es', 'it', 'nb'], 8, 30, 0.85],
  ] as const)('%s, a paragraph a line, finds at least $4 of its clauses', (lang, refs, from, to, least) => {
    const own = reviewed.find((e) => e.lang === lang)!;
    const printed = ids.slice(from, to).filter((id) => own.clauses[id]);
    const text = printed.map((id) => own.clauses[id]).join('\n\n');
    const result = alignEdition(text, {
      structure,
      references: reviewed.filter((e) => (refs as readonly string[]).includes(e.lang)),
      lang,
    });
    const right = result.clauses.filter((c) => own.clauses[c.id] === c.text.replace(/\s+/g, ' ').trim());
    expect(right.length / printed.length).toBeGreaterThanOrEqual(least);
  });
});
