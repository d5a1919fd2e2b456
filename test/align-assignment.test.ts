import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignEdition } from '../functions/core/align/index.ts';
import type { AlignResult } from '../functions/core/align/types.ts';
import {
  compileCharterSchema,
  parseCharterStructure,
  parseReviewedEdition,
} from '../functions/core/structure/index.ts';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const validators = compileCharterSchema(read('../corpus/charters/schema.json'));
const structure = parseCharterStructure(read('./fixtures/harbour-charter/structure.json'), validators);
const references = ['en', 'de'].map((lang) =>
  parseReviewedEdition(read(`./fixtures/harbour-charter/reviewed/${lang}.json`), validators, structure),
);

// A Dutch edition: a language with no reference and no lexicon.
const nl = {
  title: 'Havenhandvest',
  intro: [
    'In 1999 kwamen de havens van Rotterdam en zijn buren gemeenschappelijke',
    'regels voor kleine havens overeen, zodat elke schipper overal waar hij',
    'aanmeert hetzelfde onthaal en dezelfde plichten vindt.',
  ],
  rules: 'Als havenmeesters zullen wij:',
  'rules.1': '- elke kade en elke ladder eens per week inspecteren;',
  'rules.2': '- de lichten en de boeien de hele winter in werking houden;',
  'rules.3': '- elke oproep via de radio binnen tien minuten beantwoorden.',
  fees: 'Om dit te betalen, verbinden de eigenaars van schepen zich ertoe:',
  'fees.1': '- de havengelden te betalen voordat zij de haven verlaten;',
  'fees.2': '- elke schade aan een ligplaats onmiddellijk aan het havenkantoor te melden.',
  closing: [
    'Dit handvest wordt bijgehouden door de vereniging HARBOURNET, die de',
    'lijst van ondertekenende havens publiceert.',
  ],
};
type Id = keyof typeof nl;
const block = (id: Id) => [nl[id]].flat().join('\n');
const edition = (...parts: (Id | string)[]) => parts.map((p) => (p in nl ? block(p as Id) : p)).join('\n\n');
const ids = (result: AlignResult) => result.clauses.map((c) => c.id);
const textOf = (result: AlignResult, id: string) => result.clauses.find((c) => c.id === id)?.text;
const flat = (id: Id) => [nl[id]].flat().join(' ').replace(/^- /, '');

const canonical: Id[] = [
  'title',
  'intro',
  'rules',
  'rules.1',
  'rules.2',
  'rules.3',
  'fees',
  'fees.1',
  'fees.2',
  'closing',
];

/** The canonical order with the fees section moved before the rules section. */
const reorderedSections: Id[] = [
  'title',
  'intro',
  'fees',
  'fees.1',
  'fees.2',
  'rules',
  'rules.1',
  'rules.2',
  'rules.3',
  'closing',
];

describe('alignEdition on a language never seen', () => {
  it('assigns every clause of an edition in canonical order', () => {
    const result = alignEdition(edition(...canonical), { structure, references, lang: 'nl' });
    expect(ids(result)).toEqual(canonical);
    for (const id of canonical) expect(textOf(result, id)).toBe(flat(id));
  });

  it('copes with reordered sections', () => {
    const order = reorderedSections;
    const result = alignEdition(edition(...order), { structure, references, lang: 'nl' });
    for (const id of canonical) expect(textOf(result, id)).toBe(flat(id));
    expect(result.missing).toEqual([]);
  });

  it('leaves a missing clause missing instead of filling it with a neighbour', () => {
    const without = canonical.filter((id) => id !== 'rules.2');
    const result = alignEdition(edition(...without), { structure, references, lang: 'nl' });
    expect(result.missing).toEqual(['rules.2']);
    for (const id of without) expect(textOf(result, id)).toBe(flat(id));
  });

  it('cuts two headings run together on one line', () => {
    const text = edition(
      `${nl.title} ${nl.rules}`,
      'rules.1',
      'rules.2',
      'rules.3',
      'intro',
      'fees',
      'fees.1',
      'fees.2',
      'closing',
    );
    const result = alignEdition(text, { structure, references, lang: 'nl' });
    expect(textOf(result, 'title')).toBe('Havenhandvest');
    expect(textOf(result, 'rules')).toBe('Als havenmeesters zullen wij:');
  });

  it('joins a clause printed in two places, continuation first', () => {
    // The first line of the intro ends without punctuation; the other two start in lower case.
    const [first, second, third] = nl.intro;
    const continuation = `${second}\n${third}`;
    const text = edition(
      'title',
      continuation,
      'rules',
      'rules.1',
      'rules.2',
      'rules.3',
      first!,
      'fees',
      'fees.1',
      'fees.2',
      'closing',
    );
    const result = alignEdition(text, { structure, references, lang: 'nl' });
    expect(textOf(result, 'intro')).toBe(flat('intro'));
  });

  it('keeps a masthead and scanning debris as residue', () => {
    const text = edition('HAVENNIEUWS', ...canonical.slice(0, 6), '. . . .', ...canonical.slice(6));
    const result = alignEdition(text, { structure, references, lang: 'nl' });
    expect(result.residue.map((r) => r.text)).toEqual(['HAVENNIEUWS', '. . . .']);
    expect(ids(result)).toEqual(canonical);
  });

  it('keeps a paragraph that belongs to no clause as residue instead of forcing it into one', () => {
    const note = [
      'Deze vertaling werd gedrukt door de drukkerij van de gemeente en is gratis',
      'verkrijgbaar aan het loket van het stadhuis tijdens de openingsuren.',
    ].join('\n');
    const text = edition(...canonical.slice(0, 2), note, ...canonical.slice(2));
    const result = alignEdition(text, { structure, references, lang: 'nl' });
    expect(result.residue.map((r) => r.text)).toEqual([note.replace('\n', ' ')]);
    expect(ids(result)).toEqual(canonical);
  });

  it('aligns on structure and anchors alone when there are no references', () => {
    const result = alignEdition(edition(...canonical), { structure, references: [], lang: 'nl' });
    expect(ids(result)).toEqual(canonical);
  });

  it('gives confidences in [0, 1], lower where the evidence is thin', () => {
    const withRefs = alignEdition(edition(...canonical), { structure, references, lang: 'nl' });
    const reordered = reorderedSections;
    const structureOnly = alignEdition(edition(...reordered), { structure, references: [], lang: 'nl' });
    for (const c of [...withRefs.clauses, ...structureOnly.clauses]) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
    const mean = (r: AlignResult) => r.clauses.reduce((n, c) => n + c.confidence, 0) / r.clauses.length;
    expect(mean(structureOnly)).toBeLessThan(mean(withRefs));
  });
});
