import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidStructureError, UnknownCharterError } from '../../core/structure/index.ts';
import { defaultChartersRoot, listCharters, loadCharterStructure, loadReviewedEditions } from './charters.ts';

const fixture = new URL('../../../test/fixtures/harbour-charter/', import.meta.url);

/** A charters root holding the project's schema and, optionally, the synthetic harbour charter. */
function tempRoot(withHarbour: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'charters-'));
  cpSync(join(defaultChartersRoot, 'schema.json'), join(root, 'schema.json'));
  if (withHarbour) cpSync(fixture, join(root, 'harbour'), { recursive: true });
  return root;
}

describe('loadCharterStructure', () => {
  it('loads the integrating-cities structure in the order of its clause table', () => {
    const structure = loadCharterStructure('integrating-cities');
    const table = readFileSync(join(defaultChartersRoot, 'integrating-cities', 'clauses.md'), 'utf8');
    const tableIds = [...table.matchAll(/^\| ([a-z0-9.-]+) \| (\w+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(structure.clauses.map((c) => [c.id, c.kind])).toEqual(tableIds.filter(([id]) => id !== 'id'));
  });

  it('derives groups: a lead-in, its bullets and their positions', () => {
    const structure = loadCharterStructure('integrating-cities');
    const employers = structure.clauses.filter((c) => c.group === 'employers');
    expect(employers.map((c) => [c.id, c.leadIn, c.bulletIndex, c.groupSize])).toEqual([
      ['employers', true, 0, 3],
      ['employers.1', false, 1, 3],
      ['employers.2', false, 2, 3],
      ['employers.3', false, 3, 3],
    ]);
  });

  it('throws UnknownCharterError naming the known charters', () => {
    expect(() => loadCharterStructure('no-such-charter')).toThrow(UnknownCharterError);
    expect(() => loadCharterStructure('no-such-charter')).toThrow(/integrating-cities/);
  });

  it('loads a second charter from a new folder, with no code', () => {
    const root = tempRoot(true);
    expect(listCharters(root)).toEqual(['harbour']);
    const structure = loadCharterStructure('harbour', root);
    expect(structure.clauses.map((c) => c.id)).toContain('fees.2');
    expect(loadReviewedEditions(structure, { root }).map((e) => e.lang)).toEqual(['de', 'en']);
  });

  it('rejects a structure that breaks the schema or its own rules', () => {
    const root = tempRoot(false);
    const write = (name: string, data: unknown) => {
      mkdirSync(join(root, name), { recursive: true });
      writeFileSync(join(root, name, 'structure.json'), JSON.stringify(data));
    };
    const clause = { id: 'a', kind: 'heading', group: 'a', section: 's' };
    write('bad-kind', { charter: 'bad-kind', title: 'x', clauses: [{ ...clause, kind: 'chapter' }] });
    write('duplicate', { charter: 'duplicate', title: 'x', clauses: [clause, clause] });
    write('split-group', {
      charter: 'split-group',
      title: 'x',
      clauses: [clause, { ...clause, id: 'b', group: 'b' }, { ...clause, id: 'a.1', kind: 'bullet' }],
    });
    for (const name of ['bad-kind', 'duplicate', 'split-group']) {
      expect(() => loadCharterStructure(name, root)).toThrow(InvalidStructureError);
    }
  });
});

describe('loadReviewedEditions', () => {
  it('leaves out the excluded languages (an edition is never its own reference)', () => {
    const structure = loadCharterStructure('integrating-cities');
    expect(loadReviewedEditions(structure, { exclude: ['sv'] }).map((e) => e.lang)).toEqual(['da', 'nb']);
  });

  it('rejects a reviewed edition with a clause id the structure does not have', () => {
    const root = tempRoot(true);
    writeFileSync(
      join(root, 'harbour', 'reviewed', 'xx.json'),
      JSON.stringify({ charter: 'harbour', lang: 'xx', clauses: { 'no.such.clause': 'text' } }),
    );
    const structure = loadCharterStructure('harbour', root);
    expect(() => loadReviewedEditions(structure, { root })).toThrow(/no\.such\.clause/);
  });
});
