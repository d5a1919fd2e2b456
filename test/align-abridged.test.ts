import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCharterStructure, loadReviewedEditions } from '../functions/adapters/resources/charters.ts';
import { alignEdition } from '../functions/core/align/align-edition.ts';

/**
 * An English edition that prints part of the charter, aligned with only the Scandinavian editions, which share
 * few words with it: the order, the kinds and the lengths must carry it. Its whole text is about half the
 * references' length; taken as the language's length ratio, that made every long clause look too long for
 * its own clause and the assignment slid onto other clauses (0.14 of the clauses right).
 */
describe('aligning an abridged English edition with the Scandinavian references only', () => {
  const structure = loadCharterStructure('integrating-cities');
  const references = loadReviewedEditions(structure);
  const english = JSON.parse(
    readFileSync(new URL('../bench/holdout/english/reviewed.json', import.meta.url), 'utf8'),
  ) as { clauses: Record<string, string> };

  it('finds most clauses of an edition printing every other clause', () => {
    const printed = structure.clauses.filter((c, i) => english.clauses[c.id] && i % 2 === 0);
    const text = printed
      .map((c) => (c.kind === 'bullet' ? `- ${english.clauses[c.id]}` : english.clauses[c.id]))
      .join('\n\n');
    const result = alignEdition(text, { structure, references, lang: 'en' });
    const right = result.clauses.filter((c) => english.clauses[c.id] === c.text.replace(/\s+/g, ' ').trim());
    expect(right.length / printed.length).toBeGreaterThanOrEqual(0.8);
  });
});
