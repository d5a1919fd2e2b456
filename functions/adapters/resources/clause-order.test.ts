import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCharterStructure } from './charters.ts';
import { cachedClauseOrder, loadClauseOrder } from './clause-order.ts';

const root = mkdtempSync(join(tmpdir(), 'clause-order-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function charter(name: string, content: string): void {
  mkdirSync(join(root, name), { recursive: true });
  writeFileSync(join(root, name, 'structure.json'), content);
}

describe('loadClauseOrder', () => {
  it('gives the same ids and order as the validated structure of the project charter', async () => {
    const validated = loadCharterStructure('integrating-cities').clauses.map(({ id, order }) => ({
      id,
      order,
    }));
    expect(await loadClauseOrder('integrating-cities')).toEqual(validated);
  });

  it('is null for an unknown charter, unreadable JSON, clauses without ids, or a path that is not one segment', async () => {
    charter('broken', '{"clauses": [');
    charter('no-ids', '{"clauses": [{"kind": "heading"}]}');
    charter('empty', '{"clauses": []}');
    for (const name of ['missing', 'broken', 'no-ids', 'empty', '../broken', 'a/b']) {
      expect(await loadClauseOrder(name, root), name).toBeNull();
    }
  });

  it('reads a charter once when cached', async () => {
    charter('c1', JSON.stringify({ clauses: [{ id: 'a' }, { id: 'b' }] }));
    const load = cachedClauseOrder(root);
    expect(await load('c1')).toEqual([
      { id: 'a', order: 0 },
      { id: 'b', order: 1 },
    ]);
    charter('c1', JSON.stringify({ clauses: [{ id: 'changed' }] }));
    expect((await load('c1'))?.map((c) => c.id)).toEqual(['a', 'b']);
    expect((await loadClauseOrder('c1', root))?.map((c) => c.id)).toEqual(['changed']);
  });
});
