import { describe, expect, it } from 'vitest';
import { UploadKeyError } from './errors.ts';
import { type EditionProcessor, ingestEdition, parseUploadKey } from './ingest-edition.ts';
import type { BlobStore, ClauseRecord, EditionRecord, EditionStore, StoredBlob } from './types.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; etag: string }>();
  async head(key: string) {
    const object = this.objects.get(key);
    return object ? { size: object.body.byteLength, etag: object.etag } : null;
  }
  async get(key: string): Promise<StoredBlob> {
    const object = this.objects.get(key)!;
    return { bytes: object.body, etag: object.etag, size: object.body.byteLength };
  }
  async put(key: string, body: string) {
    this.objects.set(key, { body: new TextEncoder().encode(body), etag: String(body.length) });
  }
}

class MemoryEditions implements EditionStore {
  readonly editions = new Map<string, EditionRecord>();
  readonly clauses = new Map<string, ClauseRecord>();
  saves = 0;
  async getEdition(charter: string, lang: string) {
    return this.editions.get(`${charter}/${lang}`) ?? null;
  }
  async listEditions(charter: string) {
    return [...this.editions.values()].filter((e) => e.charter === charter);
  }
  async saveEdition(edition: EditionRecord, clauses: ClauseRecord[]) {
    this.saves++;
    this.editions.set(`${edition.charter}/${edition.lang}`, edition);
    for (const [key, c] of this.clauses)
      if (c.charter === edition.charter && c.lang === edition.lang) this.clauses.delete(key);
    for (const c of clauses) this.clauses.set(`${c.charter}/${c.clauseId}/${c.lang}`, c);
  }
  async markFailed(edition: EditionRecord) {
    this.editions.set(`${edition.charter}/${edition.lang}`, edition);
  }
  async getClause(charter: string, clauseId: string) {
    return [...this.clauses.values()].filter((c) => c.charter === charter && c.clauseId === clauseId);
  }
  async listEditionClauses(charter: string, lang: string) {
    return [...this.clauses.values()]
      .filter((c) => c.charter === charter && c.lang === lang)
      .sort((a, b) => a.order - b.order);
  }
}

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
  const blobs = new MemoryBlobs();
  const editions = new MemoryEditions();
  const seen: Array<{ lang: string | null; references: string[] }> = [];
  const upload = (key: string, body: string, etag: string) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(body), etag });
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
    expect(blobs.objects.has('processed/c/sv/a.clean.txt')).toBe(true);
    expect(blobs.objects.has('processed/c/sv/a.alignment.json')).toBe(true);
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

  it('stores an upload under "auto" under the language the processor detected', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/auto/a.txt', 'ett', 'e1');
    expect(await ingestEdition('uploads/c/auto/a.txt', deps)).toMatchObject({
      status: 'aligned',
      lang: 'xx',
    });
    expect(await editions.getEdition('c', 'xx')).not.toBeNull();
  });

  it('lets infrastructure failures through, so the queue retries them', async () => {
    const { deps, upload } = setup();
    upload('uploads/c/sv/a.txt', 'ett', 'e1');
    const failing = { ...deps, process: async () => Promise.reject(new Error('socket hang up')) };
    await expect(ingestEdition('uploads/c/sv/a.txt', failing)).rejects.toThrow('socket hang up');
  });
});
