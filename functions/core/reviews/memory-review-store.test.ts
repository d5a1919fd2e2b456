import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './errors.ts';
import { MemoryReviewStore } from './memory-review-store.ts';
import { decodeCursor, encodeCursor } from './queue-cursor.ts';
import { planFlagRefresh } from './refresh-flags.ts';
import { reviewStoreContract } from './review-store.contract.ts';
import { finding, texts } from './test-fixtures.ts';
import type { DivergenceFinding, FlagQuery } from './types.ts';

function storeWith(findings: DivergenceFinding[]) {
  const reviews = new MemoryReviewStore();
  const order = new Map(findings.map((f, i) => [f.clause, i]));
  for (const charter of new Set(findings.map((f) => f.charter))) {
    const plan = planFlagRefresh({
      charter,
      findings: findings.filter((f) => f.charter === charter),
      existing: [],
      texts: texts({}),
      order,
      now: '2026-01-01T00:00:00.000Z',
    });
    for (const { flag } of plan.put) reviews.flags.set(flag.id, flag);
  }
  return reviews;
}

async function walk(reviews: MemoryReviewStore, query: Omit<FlagQuery, 'cursor'>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await reviews.queryFlags({ ...query, cursor });
    ids.push(...page.flags.map((f) => f.id));
    cursor = page.cursor ?? undefined;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe('the review queue (memory store)', () => {
  const findings = Array.from({ length: 7 }, (_, i) =>
    finding({
      clause: `c.${i}`,
      langs: [i % 2 ? 'sv' : 'nb'],
      kind: i % 3 ? 'meaning-drift' : 'number-mismatch',
      severity: i < 3 ? 'low' : 'high',
    }),
  );

  it('pages through every flag once, severity first, with an opaque cursor', async () => {
    const reviews = storeWith(findings);
    const { ids, pages } = await walk(reviews, { limit: 3 });
    expect(pages).toBe(3);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(ids.slice(0, 4).every((id) => ['c.3', 'c.4', 'c.5', 'c.6'].includes(id.split(':')[1]!))).toBe(
      true,
    );
  });

  it('filters by language and kind across pages', async () => {
    const reviews = storeWith(findings);
    const { ids } = await walk(reviews, { limit: 1, lang: 'sv', kind: 'meaning-drift' });
    expect(ids.sort()).toEqual(['c1:c.1:meaning-drift:sv', 'c1:c.5:meaning-drift:sv']);
  });

  it('walks every status when none is given, and one when it is', async () => {
    const reviews = storeWith(findings);
    const decided = reviews.flags.get('c1:c.0:number-mismatch:nb')!;
    reviews.flags.set(decided.id, { ...decided, status: 'dismissed' });
    expect((await walk(reviews, { limit: 2 })).ids.at(-1)).toBe(decided.id);
    expect((await walk(reviews, { limit: 10, status: 'dismissed' })).ids).toEqual([decided.id]);
    expect((await walk(reviews, { limit: 10, status: 'open' })).ids).toHaveLength(6);
  });

  it('rejects a cursor it did not hand out', async () => {
    const reviews = storeWith(findings);
    await expect(reviews.queryFlags({ limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    const dismissed = encodeCursor({ status: 'dismissed', key: { sk: 'x' } });
    await expect(reviews.queryFlags({ limit: 2, status: 'open', cursor: dismissed })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    expect(decodeCursor(dismissed)).toEqual({ status: 'dismissed', key: { sk: 'x' } });
  });
});

reviewStoreContract('MemoryReviewStore', async () => new MemoryReviewStore());
