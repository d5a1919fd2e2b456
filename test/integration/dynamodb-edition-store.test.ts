import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { StaleVersionError } from '../../functions/core/editions/errors.ts';
import type { ClauseRecord, EditionRecord } from '../../functions/core/editions/types.ts';

let stack: LocalStack;
let store: DynamoDbEditionStore;

beforeAll(async () => {
  stack = await startLocalStack();
  store = new DynamoDbEditionStore(stack.dynamodb, stack.table);
});
afterAll(async () => stack?.close());

function edition(charter: string, lang: string, version: number, etag = `etag-${version}`): EditionRecord {
  return {
    charter,
    lang,
    version,
    status: 'aligned',
    sourceKey: `uploads/${charter}/${lang}/x.txt`,
    sourceEtag: etag,
    detectedLang: lang,
    clauseCount: 0,
    residue: [],
    changeCount: 0,
    meanConfidence: 0.9,
    updatedAt: new Date(0).toISOString(),
  };
}

function clauses(charter: string, lang: string, version: number, ids: string[]): ClauseRecord[] {
  return ids.map((clauseId, order) => ({
    charter,
    clauseId,
    lang,
    order,
    text: `${lang} ${clauseId} v${version}`,
    confidence: 0.8,
    version,
  }));
}

describe('DynamoDbEditionStore on dynalite', () => {
  it('answers one clause in every language with one query', async () => {
    await store.saveEdition(edition('c1', 'sv', 1), clauses('c1', 'sv', 1, ['title', 'intro']));
    await store.saveEdition(edition('c1', 'da', 1), clauses('c1', 'da', 1, ['title', 'intro']));
    const title = await store.getClause('c1', 'title');
    expect(title.map((c) => `${c.lang}:${c.text}`).sort()).toEqual(['da:da title v1', 'sv:sv title v1']);
  });

  it('lists an edition in canonical order, whatever the write order', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    await store.saveEdition(edition('c2', 'nb', 1), clauses('c2', 'nb', 1, ids).reverse());
    const listed = await store.listEditionClauses('c2', 'nb');
    expect(listed.map((c) => c.clauseId)).toEqual(ids);
  });

  it('converges on a re-run of the same upload: no duplicates, same content', async () => {
    const v1 = clauses('c3', 'sv', 1, ['x', 'y']);
    await store.saveEdition(edition('c3', 'sv', 1), v1);
    await store.saveEdition(edition('c3', 'sv', 1), v1);
    expect(await store.listEditionClauses('c3', 'sv')).toHaveLength(2);
    expect((await store.getEdition('c3', 'sv'))?.status).toBe('aligned');
  });

  it('replaces an older version and drops clauses it no longer has', async () => {
    await store.saveEdition(edition('c4', 'sv', 1), clauses('c4', 'sv', 1, ['x', 'y', 'z']));
    await store.saveEdition(edition('c4', 'sv', 2), clauses('c4', 'sv', 2, ['x', 'y']));
    const listed = await store.listEditionClauses('c4', 'sv');
    expect(listed.map((c) => `${c.clauseId}@${c.version}`)).toEqual(['x@2', 'y@2']);
  });

  it('refuses to let an older version overwrite a newer one', async () => {
    await store.saveEdition(edition('c5', 'da', 3), clauses('c5', 'da', 3, ['x']));
    await expect(
      store.saveEdition(edition('c5', 'da', 2), clauses('c5', 'da', 2, ['x'])),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await store.getClause('c5', 'x'))[0]?.version).toBe(3);
  });

  it('keeps the last good clauses when a later ingestion fails', async () => {
    await store.saveEdition(edition('c6', 'sv', 1), clauses('c6', 'sv', 1, ['x']));
    await store.markFailed({ ...edition('c6', 'sv', 2), status: 'failed', error: 'binary file' });
    expect((await store.getEdition('c6', 'sv'))?.status).toBe('failed');
    expect(await store.listEditionClauses('c6', 'sv')).toHaveLength(1);
  });

  it('lets exactly the newest of two concurrent versions win, leaving none of the older one', async () => {
    for (let round = 0; round < 5; round++) {
      const charter = `c7-${round}`;
      const results = await Promise.allSettled([
        store.saveEdition(edition(charter, 'sv', 1), clauses(charter, 'sv', 1, ['x', 'y', 'z'])),
        store.saveEdition(edition(charter, 'sv', 2), clauses(charter, 'sv', 2, ['x', 'y'])),
      ]);
      expect(results[1].status).toBe('fulfilled');
      expect((await store.getEdition(charter, 'sv'))?.version).toBe(2);
      const listed = await store.listEditionClauses(charter, 'sv');
      expect(listed.map((c) => `${c.clauseId}@${c.version}`)).toEqual(['x@2', 'y@2']);
    }
  });
});
