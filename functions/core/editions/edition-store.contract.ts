/** Behaviour every EditionStore must show; run by the memory store's test and the DynamoDB adapter's test. */
import { describe, expect, it } from 'vitest';
import { StaleVersionError } from './errors.ts';
import type { ClauseRecord, EditionRecord, EditionStore, EditionVersion } from './types.ts';

/** An aligned edition record of `version`. */
export function editionRecord(
  charter: string,
  lang: string,
  version: number,
  etag = `etag-${version}`,
): EditionRecord {
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

/** Clauses `ids` of one version, in that order. */
export function clauseRecords(charter: string, lang: string, version: number, ids: string[]): ClauseRecord[] {
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

/** A kept version record. */
function kept(charter: string, version: number, decision: EditionVersion['decision']): EditionVersion {
  return {
    charter,
    lang: 'sv',
    version,
    decision,
    sourceKey: `uploads/${charter}/sv/${version}.txt`,
    sourceEtag: `etag-${version}`,
    detectedLang: null,
    clauseCount: 1,
    changeCount: 0,
    meanConfidence: 0.5,
    decidedAt: new Date(0).toISOString(),
  };
}

/** Registers the contract tests; `fresh` gives a store (the tests use charter ids of their own). */
export function editionStoreContract(name: string, fresh: () => Promise<EditionStore>) {
  let serial = 0;
  const charter = () => `contract-${++serial}-${Math.random().toString(36).slice(2, 8)}`;
  const edition = editionRecord;
  const clauses = clauseRecords;

  describe(`${name}: the EditionStore contract`, () => {
    it('answers one clause in every language, ordered by language', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'sv', 1), clauses(c, 'sv', 1, ['title', 'intro']));
      await store.saveEdition(edition(c, 'da', 1), clauses(c, 'da', 1, ['title', 'intro']));
      const title = await store.getClause(c, 'title');
      expect(title.map((r) => `${r.lang}:${r.text}`)).toEqual(['da:da title v1', 'sv:sv title v1']);
      expect(await store.getClause(c, 'nothing')).toEqual([]);
    });

    it('keeps each clause text quality and unknown words beside the confidence, and the edition mean', async () => {
      const store = await fresh();
      const c = charter();
      const [x, y] = clauses(c, 'sv', 1, ['x', 'y']);
      const rated = [
        { ...x!, quality: 0.734, unknownWords: ['stader', 'manniskor'] },
        { ...y!, quality: 1, unknownWords: [] },
      ];
      await store.saveEdition({ ...edition(c, 'sv', 1), meanQuality: 0.867 }, rated);
      const listed = await store.listEditionClauses(c, 'sv');
      expect(listed.map((r) => [r.clauseId, r.confidence, r.quality, r.unknownWords])).toEqual([
        ['x', 0.8, 0.734, ['stader', 'manniskor']],
        ['y', 0.8, 1, []],
      ]);
      expect((await store.getClause(c, 'x'))[0]).toMatchObject({ quality: 0.734 });
      expect((await store.getEdition(c, 'sv'))?.meanQuality).toBe(0.867);
    });

    it('reads a clause and an edition without a quality (no lexicon, or stored before) as unknown', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'fi', 1), clauses(c, 'fi', 1, ['x']));
      await store.saveEdition({ ...edition(c, 'de', 1), meanQuality: null }, [
        { ...clauses(c, 'de', 1, ['x'])[0]!, quality: null },
      ]);
      for (const lang of ['fi', 'de']) {
        expect((await store.listEditionClauses(c, lang))[0]?.quality ?? null).toBeNull();
        expect((await store.getEdition(c, lang))?.meanQuality ?? null).toBeNull();
      }
    });

    it('lists an edition in canonical order, whatever the write order', async () => {
      const store = await fresh();
      const c = charter();
      const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
      await store.saveEdition(edition(c, 'nb', 1), clauses(c, 'nb', 1, ids).reverse());
      expect((await store.listEditionClauses(c, 'nb')).map((r) => r.clauseId)).toEqual(ids);
      expect(await store.listEditionClauses(c, 'fi')).toEqual([]);
    });

    it('converges on a re-run of the same upload: no duplicates, same content', async () => {
      const store = await fresh();
      const c = charter();
      const v1 = clauses(c, 'sv', 1, ['x', 'y']);
      await store.saveEdition(edition(c, 'sv', 1), v1);
      await store.saveEdition(edition(c, 'sv', 1), v1);
      expect(await store.listEditionClauses(c, 'sv')).toHaveLength(2);
      expect(await store.getEdition(c, 'sv')).toMatchObject({
        status: 'aligned',
        version: 1,
        clauseCount: 2,
      });
    });

    it('moves to a new version and drops the clauses it no longer has', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'sv', 1), clauses(c, 'sv', 1, ['x', 'y', 'z']));
      await store.saveEdition(edition(c, 'sv', 2), clauses(c, 'sv', 2, ['x', 'y']));
      expect((await store.listEditionClauses(c, 'sv')).map((r) => `${r.clauseId}@${r.version}`)).toEqual([
        'x@2',
        'y@2',
      ]);
      expect(await store.getClause(c, 'z')).toEqual([]);
    });

    it('refuses to let an older version overwrite a newer one', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'da', 3), clauses(c, 'da', 3, ['x']));
      await expect(
        store.saveEdition(edition(c, 'da', 2), clauses(c, 'da', 2, ['x', 'y'])),
      ).rejects.toBeInstanceOf(StaleVersionError);
      expect((await store.getClause(c, 'x')).map((r) => r.version)).toEqual([3]);
      expect(await store.getClause(c, 'y')).toEqual([]);
    });

    it('keeps the current version when a later upload fails, records why, and recovers', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'sv', 1), clauses(c, 'sv', 1, ['x']));
      await store.markFailed({ ...edition(c, 'sv', 2, 'bad'), status: 'failed', error: 'binary file' });
      expect(await store.getEdition(c, 'sv')).toMatchObject({
        status: 'failed',
        version: 1,
        error: 'binary file',
        failedEtag: 'bad',
        sourceEtag: 'etag-1',
      });
      expect(await store.listEditionClauses(c, 'sv')).toHaveLength(1);
      await store.saveEdition(edition(c, 'sv', 3), clauses(c, 'sv', 3, ['x']));
      const recovered = await store.getEdition(c, 'sv');
      expect(recovered).toMatchObject({ status: 'aligned', version: 3 });
      expect(recovered?.error).toBeUndefined();
    });

    it('records a failure of an edition that never had a version', async () => {
      const store = await fresh();
      const c = charter();
      await store.markFailed({ ...edition(c, 'auto', 1, 'e'), status: 'failed', error: 'no language' });
      expect(await store.getEdition(c, 'auto')).toMatchObject({
        status: 'failed',
        version: 0,
        error: 'no language',
      });
      expect((await store.listEditions(c)).map((e) => e.lang)).toEqual(['auto']);
    });

    it('does not let a failure of an older upload mark a newer aligned version as failed', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'sv', 2), clauses(c, 'sv', 2, ['x']));
      await expect(
        store.markFailed({ ...edition(c, 'sv', 1), status: 'failed', error: 'late' }),
      ).rejects.toBeInstanceOf(StaleVersionError);
      expect((await store.getEdition(c, 'sv'))?.status).toBe('aligned');
    });

    it('hands out distinct version numbers, above versions saved without one, and shows no edition for them', async () => {
      const store = await fresh();
      const c = charter();
      await store.saveEdition(edition(c, 'sv', 4), clauses(c, 'sv', 4, ['x']));
      const reserved = await Promise.all(Array.from({ length: 8 }, () => store.nextVersion(c, 'sv')));
      expect(new Set(reserved).size).toBe(8);
      expect(Math.min(...reserved)).toBeGreaterThan(4);
      await store.nextVersion(c, 'da');
      expect(await store.getEdition(c, 'da')).toBeNull();
      expect((await store.listEditions(c)).map((e) => e.lang)).toEqual(['sv']);
    });

    it('refuses a version from an older upload than the current one, whatever its version number', async () => {
      const store = await fresh();
      const c = charter();
      const newer = { ...edition(c, 'sv', 1, 'new'), sourceOrder: '2026-01-01T00:00:02.000Z#1' };
      const older = { ...edition(c, 'sv', 2, 'old'), sourceOrder: '2026-01-01T00:00:01.000Z#1' };
      await store.saveEdition(newer, clauses(c, 'sv', 1, ['x']));
      await expect(store.saveEdition(older, clauses(c, 'sv', 2, ['x']))).rejects.toBeInstanceOf(
        StaleVersionError,
      );
      await expect(
        store.markFailed({ ...older, version: 3, status: 'failed', error: 'late' }),
      ).rejects.toBeInstanceOf(StaleVersionError);
      // A second version of the same upload only when asked (an edition aligned again).
      await expect(
        store.saveEdition({ ...newer, version: 4 }, clauses(c, 'sv', 4, ['x'])),
      ).rejects.toBeInstanceOf(StaleVersionError);
      await store.saveEdition({ ...newer, version: 5 }, clauses(c, 'sv', 5, ['x']), { sameUpload: true });
      expect(await store.getEdition(c, 'sv')).toMatchObject({
        version: 5,
        sourceEtag: 'new',
        status: 'aligned',
      });
    });

    it('keeps a candidate beside the current version, once per upload, and lists kept versions newest first', async () => {
      const store = await fresh();
      const c = charter();
      const current = { ...edition(c, 'sv', 1), sourceOrder: 'a' };
      await store.saveEdition(current, clauses(c, 'sv', 1, ['x', 'y']));
      await store.keepVersion(kept(c, 1, 'aligned'));
      const summary = {
        version: 2,
        sourceKey: 'uploads/x',
        sourceEtag: 'bad',
        sourceOrder: 'b',
        reasons: ['too few clauses'],
        clauseCount: 1,
        meanConfidence: 0.2,
        updatedAt: new Date(0).toISOString(),
      };
      await store.recordCandidate(
        { ...edition(c, 'sv', 2, 'bad'), sourceOrder: 'b', candidate: summary },
        kept(c, 2, 'candidate'),
      );
      // The same upload again (a duplicate delivery) makes no second candidate.
      await expect(
        store.recordCandidate(
          { ...edition(c, 'sv', 3, 'bad'), sourceOrder: 'b', candidate: { ...summary, version: 3 } },
          kept(c, 3, 'candidate'),
        ),
      ).rejects.toBeInstanceOf(StaleVersionError);
      expect(await store.getEdition(c, 'sv')).toMatchObject({
        version: 1,
        status: 'aligned',
        candidate: { version: 2, reasons: ['too few clauses'] },
      });
      expect((await store.listEditionClauses(c, 'sv')).map((r) => r.version)).toEqual([1, 1]);
      expect((await store.listVersions(c, 'sv')).map((v) => `${v.version}:${v.decision}`)).toEqual([
        '2:candidate',
        '1:aligned',
      ]);
      // A newer version clears the candidate.
      await store.saveEdition({ ...edition(c, 'sv', 4), sourceOrder: 'c' }, clauses(c, 'sv', 4, ['x']));
      expect((await store.getEdition(c, 'sv'))?.candidate).toBeUndefined();
    });

    it('leaves out a kept version past its TTL attribute (expiresAt), as if DynamoDB had deleted it', async () => {
      const store = await fresh();
      const c = charter();
      const nowSeconds = Math.floor(Date.now() / 1000);
      await store.keepVersion({ ...kept(c, 1, 'aligned'), expiresAt: nowSeconds - 60 });
      await store.keepVersion({ ...kept(c, 2, 'candidate'), expiresAt: nowSeconds + 3600 });
      await store.keepVersion(kept(c, 3, 'aligned'));
      const listed = await store.listVersions(c, 'sv');
      expect(listed.map((v) => v.version)).toEqual([3, 2]);
      expect(listed[1]!.expiresAt).toBe(nowSeconds + 3600);
    });

    it('lets exactly the newest of two concurrent versions win', async () => {
      const store = await fresh();
      for (let round = 0; round < 3; round++) {
        const c = charter();
        const results = await Promise.allSettled([
          store.saveEdition(edition(c, 'sv', 1), clauses(c, 'sv', 1, ['x', 'y', 'z'])),
          store.saveEdition(edition(c, 'sv', 2), clauses(c, 'sv', 2, ['x', 'y'])),
        ]);
        expect(results[1].status).toBe('fulfilled');
        expect((await store.getEdition(c, 'sv'))?.version).toBe(2);
        expect((await store.listEditionClauses(c, 'sv')).map((r) => `${r.clauseId}@${r.version}`)).toEqual([
          'x@2',
          'y@2',
        ]);
      }
    });
  });
}
