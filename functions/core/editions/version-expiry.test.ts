import { describe, expect, it } from 'vitest';
import { ingestEdition } from './ingest-edition.ts';
import { MemoryEditionStore } from './memory-edition-store.ts';
import { promoteCandidate, RestoreError, rollBack } from './restore-version.ts';
import { expiry, isExpired } from './version-expiry.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { scriptedProcessor } from './scripted-processor.ts';

const TOTAL = 4;
const processor = scriptedProcessor(TOTAL);

const DAY = 86_400_000;

/** A store and an ingest on one clock the test moves. */
function setup(keepDays: number) {
  let clock = Date.parse('2026-06-01T00:00:00.000Z');
  const now = () => new Date(clock);
  const blobs = new MemoryBlobStore();
  const editions = new MemoryEditionStore(now);
  const deps = { blobs, editions, process: processor, now, keepDays };
  const upload = (key: string, text: string) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(text), etag: key });
  return {
    deps,
    editions,
    upload,
    advance: (days: number) => {
      clock += days * DAY;
    },
    at: (days: number) => new Date(Date.parse('2026-06-01T00:00:00.000Z') + days * DAY),
  };
}

describe('expiry of kept versions', () => {
  it('keeps the current version while current; a replaced one for keepDays from its replacement', async () => {
    const { deps, editions, upload, advance, at } = setup(10);
    upload('uploads/c/sv/a.txt', 'c0\nc1\nc2\nc3');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    advance(100);
    // Current for 100 days, longer than keepDays: still there, with no expiry.
    const [first] = await editions.listVersions('c', 'sv');
    expect(first).toMatchObject({ version: 1 });
    expect(first!.restorableUntil).toBeUndefined();
    expect(first!.expiresAt).toBeUndefined();

    upload('uploads/c/sv/b.txt', 'c0\nc1\nc2');
    await ingestEdition('uploads/c/sv/b.txt', deps);
    const versions = await editions.listVersions('c', 'sv');
    expect(versions.map((v) => [v.version, v.restorableUntil ?? null])).toEqual([
      [2, null],
      [1, at(110).toISOString()],
    ]);
    expect(versions[1]!.expiresAt).toBe(at(110).getTime() / 1000);

    advance(9);
    expect(await rollBack('c', 'sv', undefined, deps)).toMatchObject({ from: 1, version: 3 });
    // The rollback replaced version 2: its clock starts now (day 109); version 3 is current.
    const after = await editions.listVersions('c', 'sv');
    expect(after.find((v) => v.version === 2)!.restorableUntil).toBe(at(119).toISOString());
    expect(after.find((v) => v.version === 3)!.restorableUntil).toBeUndefined();
  });

  it('does not offer an expired version for rollback', async () => {
    const { deps, editions, upload, advance } = setup(10);
    upload('uploads/c/sv/a.txt', 'c0\nc1\nc2\nc3');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    upload('uploads/c/sv/b.txt', 'c0\nc1\nc2');
    await ingestEdition('uploads/c/sv/b.txt', deps);
    advance(10.5);
    expect((await editions.listVersions('c', 'sv')).map((v) => v.version)).toEqual([2]);
    await expect(rollBack('c', 'sv', undefined, deps)).rejects.toThrow(/no earlier sv version/);
    await expect(rollBack('c', 'sv', 1, deps)).rejects.toBeInstanceOf(RestoreError);
    expect((await editions.getEdition('c', 'sv'))!.version).toBe(2);
  });

  it('gives a held-back candidate keepDays from when it was held back', async () => {
    const { deps, editions, upload, advance, at } = setup(3);
    upload('uploads/c/sv/a.txt', 'c0\nc1\nc2\nc3');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    advance(1);
    upload('uploads/c/sv/bit.txt', 'c0');
    expect(await ingestEdition('uploads/c/sv/bit.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 2,
    });
    const candidate = (await editions.listVersions('c', 'sv')).find((v) => v.version === 2)!;
    expect(candidate.restorableUntil).toBe(at(4).toISOString());
    advance(3);
    await expect(promoteCandidate('c', 'sv', 2, deps)).rejects.toThrow(/has no kept version 2/);
  });
});

describe('expiry', () => {
  it('gives the same instant as an ISO time and as epoch seconds, and tells when it passed', () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    const e = expiry(at, 30);
    expect(e.restorableUntil).toBe('2026-01-31T00:00:00.000Z');
    expect(e.expiresAt * 1000).toBe(Date.parse(e.restorableUntil));
    expect(isExpired(e, new Date('2026-01-30T23:59:59.000Z'))).toBe(false);
    expect(isExpired(e, new Date('2026-01-31T00:00:00.000Z'))).toBe(true);
    expect(isExpired({}, new Date('2099-01-01'))).toBe(false);
  });
});
