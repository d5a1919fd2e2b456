/** Behaviour every ReviewStore must show; run by the memory store's test and the DynamoDB adapter's test. */
import { describe, expect, it } from 'vitest';
import { FlagConflictError, InvalidCursorError } from './errors.ts';
import { planFlagRefresh } from './refresh-flags.ts';
import { finding, texts } from './test-fixtures.ts';
import type { DivergenceFinding, FlagQuery, ReviewFlag, ReviewStore } from './types.ts';

function flagsOf(charter: string, findings: DivergenceFinding[]): ReviewFlag[] {
  const order = new Map(findings.map((f, i) => [f.clause, i]));
  return planFlagRefresh({
    charter,
    findings,
    existing: [],
    texts: texts({}),
    order,
    now: '2026-01-01T00:00:00.000Z',
  }).put.map((p) => p.flag);
}

async function walk(store: ReviewStore, query: Omit<FlagQuery, 'cursor'>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.queryFlags({ ...query, cursor });
    ids.push(...page.flags.map((f) => f.id));
    expect(page.flags.length).toBeLessThanOrEqual(query.limit);
    if (!page.cursor) break;
    cursor = page.cursor;
  }
  return ids;
}

/** Registers the contract tests; `fresh` gives a store (the tests use charter ids of their own). */
export function reviewStoreContract(name: string, fresh: () => Promise<ReviewStore>) {
  let serial = 0;
  const charter = () => `contract-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

  describe(`${name}: the ReviewStore contract`, () => {
    it('writes a new flag once, then only at the revision it was read at', async () => {
      const store = await fresh();
      const c = charter();
      const [flag] = flagsOf(c, [finding({ charter: c })]);
      await store.putFlag(flag!, null);
      await expect(store.putFlag(flag!, null)).rejects.toBeInstanceOf(FlagConflictError);
      const next = { ...flag!, status: 'accepted' as const, revision: 2 };
      await store.putFlag(next, 1);
      await expect(store.putFlag({ ...next, revision: 3 }, 1)).rejects.toBeInstanceOf(FlagConflictError);
      expect(await store.getFlag(flag!.id)).toEqual(next);
      await expect(store.deleteFlag(flag!.id, 1)).rejects.toBeInstanceOf(FlagConflictError);
      await store.deleteFlag(flag!.id, 2);
      expect(await store.getFlag(flag!.id)).toBeNull();
    });

    it('lists the flags of a charter and of a clause, and no other charter', async () => {
      const store = await fresh();
      const c = charter();
      const mine = flagsOf(c, [
        finding({ charter: c }),
        finding({ charter: c, clause: 'b.1', kind: 'meaning-drift' }),
      ]);
      const theirs = flagsOf(`${c}-x`, [finding({ charter: `${c}-x` })]);
      for (const flag of [...mine, ...theirs]) await store.putFlag(flag, null);
      await store.putFlag({ ...mine[1]!, status: 'dismissed', revision: 2 }, 1);
      expect((await store.listCharterFlags(c)).map((f) => f.id).sort()).toEqual(mine.map((f) => f.id).sort());
      expect((await store.listClauseFlags(c, 'b.1')).map((f) => [f.id, f.status])).toEqual([
        [mine[1]!.id, 'dismissed'],
      ]);
    });

    it('pages the queue with filters, severity first, every flag once', async () => {
      const store = await fresh();
      const c = charter();
      const findings = Array.from({ length: 9 }, (_, i) =>
        finding({
          charter: c,
          clause: `k.${i}`,
          langs: i % 2 ? ['sv'] : ['nb', 'da'],
          kind: i % 3 ? 'meaning-drift' : 'number-mismatch',
          severity: i < 4 ? 'low' : 'high',
        }),
      );
      const flags = flagsOf(c, findings);
      for (const flag of flags) await store.putFlag(flag, null);
      const decided = flags.find((f) => f.clause === 'k.0')!;
      await store.putFlag({ ...decided, status: 'accepted', revision: 2 }, 1);

      const all = await walk(store, { charter: c, limit: 2 });
      expect(all).toHaveLength(9);
      expect(new Set(all).size).toBe(9);
      expect(all.at(-1)).toBe(decided.id); // accepted ones after the open ones
      const clauses = all.slice(0, 8).map((id) => Number(id.split(':')[1]!.slice(2)));
      expect(clauses).toEqual([4, 5, 6, 7, 8, 1, 2, 3]); // high before low, then canonical order

      expect(await walk(store, { charter: c, limit: 1, lang: 'da', kind: 'meaning-drift' })).toEqual(
        ['k.4', 'k.8', 'k.2'].map((k) => flags.find((f) => f.clause === k)!.id),
      );
      expect(await walk(store, { charter: c, limit: 5, status: 'accepted' })).toEqual([decided.id]);
      // A page that takes the last flags says so: no cursor to an empty page.
      const exact = await store.queryFlags({ charter: c, status: 'open', limit: 8 });
      expect([exact.flags.length, exact.cursor]).toEqual([8, null]);
      const short = await store.queryFlags({ charter: c, status: 'open', limit: 7 });
      expect(short.cursor).not.toBeNull();
      expect(await walk(store, { charter: c, limit: 5, status: 'corrected' })).toEqual([]);
    });

    it('rejects a cursor it did not hand out', async () => {
      const store = await fresh();
      await expect(store.queryFlags({ limit: 1, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it('keeps reviewed clause texts by charter, clause and language', async () => {
      const store = await fresh();
      const c = charter();
      const base = { charter: c, by: 'ann', at: '2026-01-01T00:00:00.000Z', flagId: 'x' };
      await store.saveReviewedClause({ ...base, clauseId: 'a.1', lang: 'nb', text: 'first' });
      await store.saveReviewedClause({ ...base, clauseId: 'a.1', lang: 'nb', text: 'second' });
      await store.saveReviewedClause({ ...base, clauseId: 'a.2', lang: 'sv', text: 'other' });
      expect((await store.getReviewedClauses(c, 'a.1')).map((r) => [r.lang, r.text])).toEqual([
        ['nb', 'second'],
      ]);
      expect((await store.listReviewedClauses(c)).map((r) => `${r.lang}/${r.clauseId}`).sort()).toEqual([
        'nb/a.1',
        'sv/a.2',
      ]);
    });

    it('lists registered charters once each', async () => {
      const store = await fresh();
      const c = charter();
      await store.registerCharter(c);
      await store.registerCharter(c);
      expect((await store.listCharters()).filter((x) => x === c)).toEqual([c]);
    });
  });
}
