import { describe, expect, it } from 'vitest';
import { toJson } from './json.ts';
import { TRICKY, trickyInput } from './test-fixtures.ts';

describe('toJson', () => {
  const text = toJson(trickyInput());
  const doc = JSON.parse(text);

  it('names the charter and the languages, sorted', () => {
    expect(doc.charter).toBe('c1');
    expect(doc.languages).toEqual(['el', 'en', 'sv']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('lists every clause in canonical order, a missing one with empty texts', () => {
    expect(doc.clauses.map((c: { id: string; order: number }) => [c.id, c.order])).toEqual([
      ['c.one', 0],
      ['c.two', 1],
      ['c.missing', 2],
      ['c.three', 3],
    ]);
    expect(doc.clauses[2]).toEqual({
      id: 'c.missing',
      order: 2,
      texts: {},
      confidence: {},
      quality: {},
      flags: [],
    });
  });

  it('round-trips the tricky texts and gives confidences as numbers, only for languages with the clause', () => {
    expect(doc.clauses[0].texts).toEqual({ el: TRICKY.greek, en: TRICKY.comma, sv: TRICKY.quotes });
    expect(doc.clauses[0].confidence).toEqual({ el: 0.875, en: 1, sv: 0.75 });
    expect(doc.clauses[1].texts).toEqual({ el: TRICKY.markup, en: TRICKY.newline });
    expect(Object.keys(doc.clauses[1].confidence)).toEqual(['el', 'en']);
    expect(doc.clauses[3].texts.en).toBe(TRICKY.crlf);
    expect(doc.clauses[3].texts.sv).toBe(TRICKY.cjk);
  });

  it('gives text qualities as numbers, only for languages whose quality is known', () => {
    expect(doc.clauses[0].quality).toEqual({ en: 1, sv: 0.625 });
    expect(doc.clauses[1].quality).toEqual({});
  });

  it('attaches open flag ids to their clause, sorted, and leaves out flags on clauses not exported', () => {
    expect(doc.clauses.map((c: { flags: string[] }) => c.flags)).toEqual([
      ['c1:c.one:number-mismatch:el+sv'],
      ['c1:c.two:missing-clause:sv'],
      [],
      [],
    ]);
  });

  it('exports a record whose clause the order does not know after the known ones', () => {
    const input = trickyInput();
    const extra = {
      ...input,
      records: [
        ...input.records,
        { clauseId: 'a.extra', lang: 'en', text: 'x', confidence: 0.5, version: 1 },
      ],
    };
    const ids = JSON.parse(toJson(extra)).clauses.map(
      (c: { id: string; order: number }) => `${c.id}@${c.order}`,
    );
    expect(ids).toEqual(['c.one@0', 'c.two@1', 'c.missing@2', 'c.three@3', 'a.extra@4']);
  });
});
