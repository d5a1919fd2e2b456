import { describe, expect, it } from 'vitest';
import { type EditionProcessor, ingestEdition, realignEarlierEditions } from './ingest-edition.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { MemoryEditionStore } from './memory-edition-store.ts';
import { parseRefreshRequestKey, refreshRequestKey } from './refresh-request.ts';
import { promoteCandidate, type RestoreDeps } from './restore-version.ts';
import { scriptedProcessor } from './scripted-processor.ts';

/** The scripted processor of a six-clause charter, reporting the stored languages it was given as references. */
function referencing(): EditionProcessor {
  const inner = scriptedProcessor(6);
  return async (request) => ({ ...(await inner(request)), referenceLangs: [...request.references.keys()] });
}

function setup() {
  const blobs = new MemoryBlobStore();
  const editions = new MemoryEditionStore();
  const deps = { blobs, editions, process: referencing() };
  const upload = (key: string, text: string) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(text), etag: key });
  const hooks: string[] = [];
  const restoreDeps: RestoreDeps = {
    blobs,
    editions,
    afterAligned: async (edition, { firstOfLanguage }) => {
      hooks.push(`${edition.lang}@${edition.version}${firstOfLanguage ? ' first' : ''}`);
    },
    realignEarlier: (charter, lang) => realignEarlierEditions(charter, lang, deps),
  };
  return { editions, deps, upload, hooks, restoreDeps };
}

describe('promoteCandidate: a held-back first edition', () => {
  it('is the first version of its language, and aligns the earlier editions again with it as a reference', async () => {
    const { editions, deps, upload, hooks, restoreDeps } = setup();
    upload('uploads/c/da/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    expect(await ingestEdition('uploads/c/da/full.txt', deps)).toMatchObject({
      status: 'aligned',
      version: 1,
    });
    expect((await editions.getEdition('c', 'da'))?.referenceLangs).toEqual([]);
    // No clause found confidently: the first German edition is held back, and realigns nothing while it is.
    upload('uploads/c/de/page.txt', 'c0 0.1\nc1 0.1');
    expect(await ingestEdition('uploads/c/de/page.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 1,
    });
    expect((await editions.getEdition('c', 'da'))?.version).toBe(1);

    const promoted = await promoteCandidate('c', 'de', undefined, restoreDeps);
    expect(promoted).toMatchObject({ lang: 'de', from: 1, version: 2, firstOfLanguage: true });
    expect(promoted.realigned).toEqual([{ lang: 'da', status: 'aligned', version: 2 }]);
    const da = await editions.getEdition('c', 'da');
    expect(da).toMatchObject({ version: 2, referenceLangs: ['de'] });
    expect(hooks).toEqual(['de@2 first']);
  });

  it('realigns nothing when the language had a current version (a later candidate promoted)', async () => {
    const { editions, deps, upload, hooks, restoreDeps } = setup();
    upload('uploads/c/da/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    await ingestEdition('uploads/c/da/full.txt', deps);
    upload('uploads/c/de/full.txt', 'c0\nc1\nc2\nc3\nc4\nc5');
    await ingestEdition('uploads/c/de/full.txt', deps);
    upload('uploads/c/de/page.txt', 'c2');
    expect(await ingestEdition('uploads/c/de/page.txt', deps)).toMatchObject({ status: 'candidate' });
    const daBefore = await editions.getEdition('c', 'da');
    let asked = 0;
    const promoted = await promoteCandidate('c', 'de', undefined, {
      ...restoreDeps,
      realignEarlier: async () => {
        asked++;
        return [];
      },
    });
    expect(promoted.firstOfLanguage).toBe(false);
    expect(promoted.realigned).toBeUndefined();
    expect(asked).toBe(0);
    expect(hooks).toEqual([`de@${promoted.version}`]);
    expect((await editions.getEdition('c', 'da'))?.version).toBe(daBefore?.version);
  });
});

describe('refresh request keys', () => {
  it('carry the realignment a promoted first edition asks for, and read back as written', () => {
    const plain = { charter: 'c', lang: 'de', version: 2 };
    expect(refreshRequestKey(plain)).toBe('requests/refresh-flags/c/de/2');
    expect(parseRefreshRequestKey(refreshRequestKey(plain))).toEqual(plain);
    const first = { ...plain, realign: true };
    expect(refreshRequestKey(first)).toBe('requests/refresh-flags/c/de/2/realign');
    expect(parseRefreshRequestKey(refreshRequestKey(first))).toEqual(first);
    expect(parseRefreshRequestKey('requests/refresh-flags/c/de/2/other')).toBeNull();
  });
});
