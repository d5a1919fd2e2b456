import { describe, expect, it } from 'vitest';
import { UploadKeyError } from './errors.ts';
import { type EditionProcessor, ingestEdition, parseUploadKey, resolveUpload } from './ingest-edition.ts';
import { MemoryEditionStore } from './memory-edition-store.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';

/** A processor that "aligns" each non-empty line to clause `c<n>`, and records what it was given. */
function lineProcessor(seen: Array<{ lang: string | null; references: string[] }>): EditionProcessor {
  return async ({ bytes, lang, references }) => {
    seen.push({ lang, references: [...references.keys()].sort() });
    const text = new TextDecoder().decode(bytes);
    if (text.includes('\u0000')) throw Object.assign(new Error('binary file'), { name: 'BinaryInputError' });
    const lines = text.split('\n').filter(Boolean);
    return {
      lang: lang ?? 'xx',
      detectedLang: lang ? null : 'xx',
      cleanedText: lines.join('\n\n'),
      clauses: lines.map((line, order) => ({ id: `c${order}`, order, text: line, confidence: 0.5 })),
      residue: [],
      changes: [],
    };
  };
}

function setup() {
  const blobs = new MemoryBlobStore();
  const editions = new MemoryEditionStore();
  const seen: Array<{ lang: string | null; references: string[] }> = [];
  const upload = (key: string, body: string, etag: string, metadata?: Record<string, string>) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(body), etag, metadata });
  return { blobs, editions, seen, upload, deps: { blobs, editions, process: lineProcessor(seen) } };
}

describe('parseUploadKey', () => {
  it('reads charter, language and file name; "auto" means detect', () => {
    expect(parseUploadKey('uploads/integrating-cities/sv/sv.txt')).toEqual({
      charter: 'integrating-cities',
      lang: 'sv',
      name: 'sv.txt',
    });
    expect(parseUploadKey('uploads/c/auto/x.txt').lang).toBeNull();
  });
  it('takes charter and language from metadata when the key leaves them out or says auto', () => {
    expect(resolveUpload('uploads/x.txt', { charter: 'c', lang: 'da' })).toEqual({
      charter: 'c',
      lang: 'da',
      name: 'x.txt',
    });
    expect(resolveUpload('uploads/c/x.txt', {})).toEqual({ charter: 'c', lang: null, name: 'x.txt' });
    expect(resolveUpload('uploads/c/auto/x.txt', { lang: 'nb' }).lang).toBe('nb');
    expect(resolveUpload('uploads/c/sv/x.txt', { lang: 'nb', charter: 'other' })).toMatchObject({
      charter: 'c',
      lang: 'sv',
    });
    expect(() => resolveUpload('uploads/x.txt', {})).toThrow(UploadKeyError);
    expect(() => resolveUpload('uploads/x.txt', { charter: 'c', lang: 'not a language' })).toThrow(
      UploadKeyError,
    );
  });

  it('rejects keys outside the layout', () => {
    expect(() => parseUploadKey('uploads/sv.txt')).toThrow(UploadKeyError);
    expect(() => parseUploadKey('processed/c/sv/x.txt')).toThrow(UploadKeyError);
  });
});

describe('ingestEdition', () => {
  it('stores clauses and processed output, and passes the other languages as references', async () => {
    const { deps, upload, editions, blobs, seen } = setup();
    upload('uploads/c/da/a.txt', 'en\nto', 'e1');
    upload('uploads/c/sv/a.txt', 'ett\ntvå\ntre', 'e2');
    await ingestEdition('uploads/c/da/a.txt', deps);
    const outcome = await ingestEdition('uploads/c/sv/a.txt', deps);
    expect(outcome).toMatchObject({ status: 'aligned', lang: 'sv', version: 1, clauses: 3 });
    expect(seen[1]).toEqual({ lang: 'sv', references: ['da'] });
    expect((await editions.getClause('c', 'c1')).map((c) => c.text).sort()).toEqual(['to', 'två']);
    const stored = await editions.getEdition('c', 'sv');
    expect(stored?.outputs).toEqual({
      cleanedText: 'processed/c/sv/1/a.clean.txt',
      report: 'processed/c/sv/1/a.alignment.json',
    });
    const report = JSON.parse(new TextDecoder().decode(blobs.objects.get(stored!.outputs!.report)!.body));
    expect(report).toMatchObject({ charter: 'c', lang: 'sv', version: 1, source: { etag: 'e2' } });
    expect(report.clauses).toHaveLength(3);
  });

  it('stores each clause text quality beside its confidence, and the edition mean over the rated clauses', async () => {
    const { blobs, editions, upload } = setup();
    const rated: EditionProcessor = async ({ lang }) => ({
      lang: lang!,
      detectedLang: null,
      cleanedText: 'x',
      clauses: [
        { id: 'a', order: 0, text: 'ok', confidence: 1, quality: 0.9004, unknownWords: [] },
        { id: 'b', order: 1, text: 'stader', confidence: 1, quality: 0.5, unknownWords: ['stader'] },
      ],
      residue: [],
      changes: [],
    });
    const unrated: EditionProcessor = async (request) => {
      const done = await rated(request);
      return { ...done, clauses: done.clauses.map((c) => ({ ...c, quality: null, unknownWords: [] })) };
    };
    upload('uploads/c/sv/a.txt', 'x', 'e1');
    upload('uploads/c/fi/a.txt', 'x', 'e2');
    await ingestEdition('uploads/c/sv/a.txt', { blobs, editions, process: rated });
    await ingestEdition('uploads/c/fi/a.txt', { blobs, editions, process: unrated });
    const sv = await editions.listEditionClauses('c', 'sv');
    expect(sv.map((c) => [c.clauseId, c.quality, c.unknownWords ?? []])).toEqual([
      ['a', 0.9, []],
      ['b', 0.5, ['stader']],
    ]);
    expect((await editions.getEdition('c', 'sv'))?.meanQuality).toBe(0.7);
    expect((await editions.listEditionClauses('c', 'fi')).map((c) => c.quality)).toEqual([null, null]);
    expect((await editions.getEdition('c', 'fi'))?.meanQuality).toBeNull();
  });

  it('does nothing on a re-delivery of the same object, and makes a new version for a new one', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    expect(await ingestEdition('uploads/c/sv/a.txt', deps)).toMatchObject({
      status: 'unchanged',
      version: 1,
    });
    expect(editions.saves).toBe(1);
    upload('uploads/c/sv/a.txt', 'ett\ntvå', 'e2');
    expect(await ingestEdition('uploads/c/sv/a.txt', deps)).toMatchObject({ status: 'aligned', version: 2 });
  });

  it('records a bad file as a failed edition, keeps the good clauses, and does not throw', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    upload('uploads/c/sv/a.txt', 'bad\u0000bytes', 'e2');
    const outcome = await ingestEdition('uploads/c/sv/a.txt', deps);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'binary file' });
    expect((await editions.getEdition('c', 'sv'))?.status).toBe('failed');
    expect(await editions.listEditionClauses('c', 'sv')).toHaveLength(1);
  });

  it('rejects a file over the size limit without reading it', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/sv/big.txt', 'x'.repeat(2000), 'e1');
    const outcome = await ingestEdition('uploads/c/sv/big.txt', { ...deps, maxBytes: 1000 });
    expect(outcome.status).toBe('rejected');
    expect((await editions.getEdition('c', 'sv'))?.error).toMatch(/limit is 1000/);
  });

  it('stores an upload under "auto" under the language the processor detected, and knows it again', async () => {
    const { deps, upload, editions, seen } = setup();
    upload('uploads/c/auto/a.txt', 'ett', 'e1');
    expect(await ingestEdition('uploads/c/auto/a.txt', deps)).toMatchObject({
      status: 'aligned',
      lang: 'xx',
    });
    expect(await editions.getEdition('c', 'xx')).not.toBeNull();
    expect(await ingestEdition('uploads/c/auto/a.txt', deps)).toMatchObject({
      status: 'unchanged',
      lang: 'xx',
    });
    expect(seen).toHaveLength(1);
  });

  it('never lets an upload under "auto" replace the edition another upload made', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/xx/first.txt', 'ett\ntvå', 'e1');
    await ingestEdition('uploads/c/xx/first.txt', deps);
    // Detected as the same language (the processor says 'xx'), from another key: refused, recorded, not stored.
    upload('uploads/c/auto/other.txt', 'annat', 'e2');
    const outcome = await ingestEdition('uploads/c/auto/other.txt', deps);
    expect(outcome).toMatchObject({ status: 'rejected', lang: 'auto' });
    expect((outcome as { reason: string }).reason).toMatch(
      /detected as 'xx'.*comes from uploads\/c\/xx\/first\.txt/u,
    );
    expect(await editions.getEdition('c', 'xx')).toMatchObject({
      version: 1,
      sourceKey: 'uploads/c/xx/first.txt',
    });
    expect((await editions.listEditionClauses('c', 'xx')).map((c) => c.text)).toEqual(['ett', 'två']);
    // Also after a bad upload of that language was recorded as failed (the record keeps the current version).
    upload('uploads/c/xx/bad.txt', 'bad\u0000bytes', 'e3');
    expect(await ingestEdition('uploads/c/xx/bad.txt', deps)).toMatchObject({ status: 'rejected' });
    upload('uploads/c/auto/third.txt', 'ett\ntvå\ntre', 'e4');
    expect(await ingestEdition('uploads/c/auto/third.txt', deps)).toMatchObject({
      status: 'rejected',
      lang: 'auto',
    });
    expect(await editions.getEdition('c', 'xx')).toMatchObject({
      version: 1,
      sourceKey: 'uploads/c/xx/first.txt',
    });
    // A re-upload under "auto" with the key that made the edition replaces it.
    const fresh = setup();
    fresh.upload('uploads/c/auto/a.txt', 'ett', 'e1');
    await ingestEdition('uploads/c/auto/a.txt', fresh.deps);
    fresh.upload('uploads/c/auto/a.txt', 'ett\ntvå', 'e2');
    expect(await ingestEdition('uploads/c/auto/a.txt', fresh.deps)).toMatchObject({
      status: 'aligned',
      version: 2,
    });
  });

  it('records on the edition that a text was aligned as it is, with the reason', async () => {
    const { deps, upload, editions } = setup();
    const asIs: EditionProcessor = async (request) => ({
      ...(await deps.process(request)),
      cleaned: false,
      cleanReason: "no lexicon for 'xx'",
    });
    upload('uploads/c/xx/a.txt', 'ett', 'e1');
    expect(await ingestEdition('uploads/c/xx/a.txt', { ...deps, process: asIs })).toMatchObject({
      status: 'aligned',
      cleaned: false,
      cleanReason: "no lexicon for 'xx'",
    });
    expect(await editions.getEdition('c', 'xx')).toMatchObject({
      cleaned: false,
      cleanReason: "no lexicon for 'xx'",
    });
    upload('uploads/c/xx/a.txt', 'ett\ntvå', 'e2');
    await ingestEdition('uploads/c/xx/a.txt', deps);
    expect(await editions.getEdition('c', 'xx')).toMatchObject({
      version: 2,
      cleaned: true,
      cleanReason: null,
    });
  });

  it('ingests an upload whose charter and language come from object metadata', async () => {
    const { deps, upload, editions, seen } = setup();
    upload('uploads/a.txt', 'en\nto', 'e1', { charter: 'c', lang: 'da' });
    expect(await ingestEdition('uploads/a.txt', deps)).toMatchObject({ status: 'aligned', lang: 'da' });
    expect(seen[0]?.lang).toBe('da');
    expect((await editions.getEdition('c', 'da'))?.sourceKey).toBe('uploads/a.txt');
  });

  it('ignores, without throwing, an object that is gone or names no charter', async () => {
    const { deps, upload } = setup();
    upload('uploads/a.txt', 'ett', 'e1');
    expect(await ingestEdition('uploads/a.txt', deps)).toMatchObject({ status: 'ignored' });
    expect(await ingestEdition('uploads/c/sv/gone.txt', deps)).toMatchObject({ status: 'ignored' });
  });

  it('does not re-process a re-delivered bad file', async () => {
    const { deps, upload, seen } = setup();
    upload('uploads/c/sv/a.txt', 'bad\u0000bytes', 'e1');
    const first = await ingestEdition('uploads/c/sv/a.txt', deps);
    expect(first).toMatchObject({ status: 'rejected' });
    // Rejected again with the reason recorded the first time, not reported as an unchanged edition.
    expect(await ingestEdition('uploads/c/sv/a.txt', deps)).toEqual(first);
    expect(seen).toHaveLength(1);
  });

  it('reports an upload overtaken by a newer one as superseded, leaving the newer one current', async () => {
    const { deps, upload, editions, blobs } = setup();
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    upload('uploads/c/sv/b.txt', 'ett\ntvå', 'e2');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reserved: () => void = () => {};
    const firstReserved = new Promise<void>((resolve) => {
      reserved = resolve;
    });
    // The first upload stops after reserving its version, while writing its outputs.
    const slowBlobs = Object.assign(Object.create(blobs), {
      put: async (key: string, body: string, type: string) => {
        reserved();
        await gate;
        return blobs.put(key, body, type);
      },
    });
    const first = ingestEdition('uploads/c/sv/a.txt', { ...deps, blobs: slowBlobs });
    await firstReserved;
    expect(await ingestEdition('uploads/c/sv/b.txt', deps)).toMatchObject({ status: 'aligned', version: 2 });
    release();
    expect(await first).toMatchObject({ status: 'superseded', version: 1 });
    expect(await editions.getEdition('c', 'sv')).toMatchObject({
      version: 2,
      sourceKey: 'uploads/c/sv/b.txt',
    });
    expect(await editions.listEditionClauses('c', 'sv')).toHaveLength(2);
  });

  it('calls afterAligned for a new version and again for a re-delivery, never for a failure', async () => {
    const { deps, upload } = setup();
    const calls: string[] = [];
    const withHook = {
      ...deps,
      afterAligned: async (e: { lang: string; version: number }) => {
        calls.push(`${e.lang}@${e.version}`);
      },
    };
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    await ingestEdition('uploads/c/sv/a.txt', withHook);
    await ingestEdition('uploads/c/sv/a.txt', withHook);
    upload('uploads/c/sv/a.txt', 'bad\u0000', 'e2');
    await ingestEdition('uploads/c/sv/a.txt', withHook);
    expect(calls).toEqual(['sv@1', 'sv@1']);
  });

  it('lets infrastructure failures through, so the queue retries them', async () => {
    const { deps, upload } = setup();
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    const failing = { ...deps, process: async () => Promise.reject(new Error('socket hang up')) };
    await expect(ingestEdition('uploads/c/sv/a.txt', failing)).rejects.toThrow('socket hang up');
  });
});

describe('ingestEdition: a new reference language', () => {
  /** A processor that reports the stored languages it was given as its references. */
  function referencing(seen: Array<{ lang: string | null; references: string[] }>): EditionProcessor {
    const inner = lineProcessor(seen);
    return async (request) => ({
      ...(await inner(request)),
      referenceLangs: [...request.references.keys()],
    });
  }

  it('aligns the earlier editions again, once, from their own uploads', async () => {
    const { editions, upload, seen, blobs } = setup();
    const deps = { blobs, editions, process: referencing(seen) };
    upload('uploads/c/de/de.txt', 'eins\nzwei', 'e-de');
    const first = await ingestEdition('uploads/c/de/de.txt', deps);
    expect(first).toMatchObject({ status: 'aligned', lang: 'de', version: 1 });
    expect((await editions.getEdition('c', 'de'))?.referenceLangs).toEqual([]);

    upload('uploads/c/fr/fr.txt', 'un\ndeux', 'e-fr');
    const second = await ingestEdition('uploads/c/fr/fr.txt', deps);
    expect(second).toMatchObject({
      status: 'aligned',
      lang: 'fr',
      realigned: [{ lang: 'de', status: 'aligned' }],
    });
    const de = await editions.getEdition('c', 'de');
    expect(de?.version).toBeGreaterThan(1);
    expect(de?.referenceLangs).toEqual(['fr']);
    expect(seen.at(-1)).toEqual({ lang: 'de', references: ['fr'] });

    // The same uploads delivered again change nothing: every edition has used every stored language.
    const before = seen.length;
    expect(await ingestEdition('uploads/c/de/de.txt', deps)).toMatchObject({ status: 'unchanged' });
    expect(await ingestEdition('uploads/c/fr/fr.txt', deps)).toMatchObject({ status: 'unchanged' });
    expect(seen.length).toBe(before);
  });

  it('stops once an edition has three references, and never for a new version of a known language', async () => {
    const { editions, upload, seen, blobs } = setup();
    const deps = { blobs, editions, process: referencing(seen) };
    for (const lang of ['de', 'es', 'fi', 'fr']) {
      upload(`uploads/c/${lang}/x.txt`, `${lang}1\n${lang}2`, `e-${lang}`);
      await ingestEdition(`uploads/c/${lang}/x.txt`, deps);
    }
    const d = await editions.getEdition('c', 'fr');
    expect(d?.referenceLangs).toEqual(['de', 'es', 'fi']);
    upload('uploads/c/it/x.txt', 'i1\ni2', 'e-e');
    const outcome = await ingestEdition('uploads/c/it/x.txt', deps);
    expect(outcome).toMatchObject({ status: 'aligned', lang: 'it' });
    expect(outcome.status === 'aligned' && outcome.realigned).toBeFalsy();
    for (const lang of ['de', 'es', 'fi']) {
      expect((await editions.getEdition('c', lang))?.referenceLangs).toHaveLength(3);
    }
    expect((await editions.getEdition('c', 'fr'))?.version).toBe(d?.version);

    upload('uploads/c/it/x.txt', 'i1\ni2\ni3', 'e-e2');
    const again = await ingestEdition('uploads/c/it/x.txt', deps);
    expect(again).toMatchObject({ status: 'aligned', lang: 'it' });
    expect(again.status === 'aligned' && again.realigned).toBeFalsy();
  });
});
