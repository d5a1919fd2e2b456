import { describe, expect, it } from 'vitest';
import { loadCharterStructure, loadReviewedEditions } from '../../adapters/resources/charters.ts';
import { alignEdition } from './align-edition.ts';

/**
 * A paragraph the OCR or the segmenter cut in three (blank lines at short lines, each mid-sentence) is one clause:
 * the aligner reads up to three such blocks together, and a repair that bans the first block from a clause does
 * not ban the blocks read together.
 */
describe('a paragraph cut in three mid-sentence', () => {
  const structure = loadCharterStructure('integrating-cities');
  const reviewed = loadReviewedEditions(structure);

  it.each([
    ['sv', 'about.history'],
    ['sv', 'preamble.mayors'],
    ['nb', 'about.history'],
  ])('%s %s is aligned whole', (lang, broken) => {
    const own = reviewed.find((e) => e.lang === lang)!;
    const blocks = structure.clauses
      .filter((c) => own.clauses[c.id])
      .map((c) => {
        const text = own.clauses[c.id]!;
        if (c.id !== broken) return c.kind === 'bullet' ? `- ${text}` : text;
        const words = text.split(' ');
        // Cut after a word that ends no sentence.
        const at = (k: number) => {
          while (/[.!?;:]$/u.test(words[k - 1]!)) k++;
          return k;
        };
        const a = at(Math.floor(words.length / 3));
        const b = at(Math.floor((2 * words.length) / 3));
        return [words.slice(0, a), words.slice(a, b), words.slice(b)].map((w) => w.join(' ')).join('\n\n');
      });
    const result = alignEdition(blocks.join('\n\n'), {
      structure,
      references: reviewed.filter((e) => e.lang !== lang),
      lang,
    });
    const text = result.clauses
      .find((c) => c.id === broken)
      ?.text.replace(/\s+/g, ' ')
      .trim();
    expect(text).toBe(own.clauses[broken]);
  });
});
