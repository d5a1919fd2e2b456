import { describe, expect, it } from 'vitest';
import { ingestEdition } from './ingest-edition.ts';
import { MemoryEditionStore } from './memory-edition-store.ts';
import { firstEditionReasons, gateReasons, uploadOrder } from './quality-gate.ts';
import { promoteCandidate, RestoreError, rollBack } from './restore-version.ts';
import { MemoryBlobStore } from './memory-blob-store.ts';
import { scriptedProcessor } from './scripted-processor.ts';

const TOTAL = 8;

const processor = scriptedProcessor(TOTAL);

function setup() {
  const blobs = new MemoryBlobStore();
  const editions = new MemoryEditionStore();
  const upload = (key: string, lines: string[], etag: string) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(lines.join('\n')), etag });
  return { blobs, editions, upload, deps: { blobs, editions, process: processor } };
}

const good = (confidence = 0.9) => Array.from({ length: TOTAL }, (_, i) => `c${i} ${confidence}`);

describe('gateReasons', () => {
  it('passes a full edition and names each rule a poor one breaks', () => {
    const full = { clauseCount: 8, meanConfidence: 0.9 };
    expect(gateReasons(full, full, 8)).toEqual([]);
    expect(gateReasons({ clauseCount: 1, meanConfidence: 0.9 }, full, 8)[0]).toMatch(
      /only 1 of the charter's 8/,
    );
    // A first version replaces nothing here: firstEditionReasons judges it.
    expect(gateReasons({ clauseCount: 1, meanConfidence: 0.9 }, null, 8)).toEqual([]);
    const current = { clauseCount: 40, meanConfidence: 0.9, meanQuality: 0.99 };
    const reasons = gateReasons({ clauseCount: 15, meanConfidence: 0.6, meanQuality: 0.7 }, current, 42);
    expect(reasons).toHaveLength(3);
    expect(reasons.join('\n')).toMatch(/15 clauses against the current version's 40/);
    expect(reasons.join('\n')).toMatch(/mean confidence 0.600/);
    expect(reasons.join('\n')).toMatch(/mean text quality 0.700/);
    expect(gateReasons({ clauseCount: 39, meanConfidence: 0.88, meanQuality: 0.97 }, current, 42)).toEqual(
      [],
    );
  });
});

describe('firstEditionReasons', () => {
  const stats = (confidences: number[], referenceCount: number) => ({
    clauseCount: confidences.length,
    meanConfidence: confidences.reduce((a, b) => a + b, 0) / Math.max(1, confidences.length),
    confidences,
    referenceCount,
  });

  it('with references, counts the clauses found at confidence 0.5 or more against a quarter of the charter', () => {
    // 42 clauses: 11 needed. Another charter's text: many clauses placed, few with confidence.
    const otherCharter = stats([...Array(23).fill(0.05), 0.6, 0.7], 3);
    const [reason] = firstEditionReasons(otherCharter, 42);
    expect(reason).toMatch(
      /only 2 of the charter's 42 clauses were found at confidence 0.5 or more against 3/,
    );
    expect(reason).toMatch(/at least 11 needed/);
    expect(firstEditionReasons(stats([], 3), 42)).toHaveLength(1);
    expect(firstEditionReasons(stats([...Array(10).fill(0.9), 0.49], 3), 42)).toHaveLength(1);
    // An abridged edition (a third of the charter, confident) is an edition.
    expect(firstEditionReasons(stats(Array(14).fill(0.8), 3), 42)).toEqual([]);
    expect(firstEditionReasons(stats([...Array(10).fill(0.9), 0.5], 1), 42)).toEqual([]);
  });

  it('with the structure alone, asks for half of the charter found with confidence', () => {
    // A third of the charter, confident, fills part of any structure: not enough without references.
    expect(firstEditionReasons(stats(Array(14).fill(0.9), 0), 42)[0]).toMatch(
      /only 14 of the charter's 42 clauses .* on its structure alone .*at least 21 needed/,
    );
    expect(firstEditionReasons(stats(Array(42).fill(0.3), 0), 42)).toHaveLength(1);
    expect(firstEditionReasons(stats([...Array(21).fill(0.9), ...Array(21).fill(0.1)], 0), 42)).toEqual([]);
  });
});

describe('uploadOrder', () => {
  it('orders by event time, then by sequencer compared left-padded', () => {
    const t = '2026-12-07T10:00:00.000Z';
    expect(
      uploadOrder({ eventTime: t, sequencer: 'FF' }, new Date()) <
        uploadOrder({ eventTime: t, sequencer: '100' }, new Date()),
    ).toBe(true);
    expect(
      uploadOrder({ eventTime: '2026-12-07T10:00:00.001Z' }, new Date()) >
        uploadOrder({ eventTime: t, sequencer: 'FFFF' }, new Date()),
    ).toBe(true);
  });
});

describe('the quality gate in ingestEdition', () => {
  it('keeps a tiny fragment as a candidate with its reasons; the good edition stays current', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/sv/good.txt', good(), 'g');
    expect(await ingestEdition('uploads/c/sv/good.txt', deps)).toMatchObject({
      status: 'aligned',
      version: 1,
    });
    upload('uploads/c/sv/bit.txt', ['c0 0.9'], 'b');
    const outcome = await ingestEdition('uploads/c/sv/bit.txt', deps);
    expect(outcome).toMatchObject({ status: 'candidate', version: 2 });
    expect(outcome.status === 'candidate' && outcome.reasons.join(' ')).toMatch(/only 1 of the charter's 8/);
    expect(await editions.getEdition('c', 'sv')).toMatchObject({
      version: 1,
      sourceKey: 'uploads/c/sv/good.txt',
      candidate: { version: 2, sourceKey: 'uploads/c/sv/bit.txt' },
    });
    expect(await editions.listEditionClauses('c', 'sv')).toHaveLength(TOTAL);
    // A redelivery makes no second version.
    expect(await ingestEdition('uploads/c/sv/bit.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 2,
    });
    expect((await editions.listVersions('c', 'sv')).map((v) => v.version)).toEqual([2, 1]);
  });

  it('holds back a first version that is no edition of the charter, with its reasons; promote makes it current', async () => {
    const flagged: number[] = [];
    const { deps, upload, editions } = setup();
    const withFlags = {
      ...deps,
      afterHeldBack: async (e: { candidate?: { version: number } }) => {
        flagged.push(e.candidate!.version);
      },
    };
    // Three clauses of eight, with the structure alone (the scripted processor has no references).
    upload('uploads/c/de/few.txt', ['c0 0.9', 'c1 0.9', 'c2 0.9'], 'f');
    const outcome = await ingestEdition('uploads/c/de/few.txt', withFlags);
    expect(outcome).toMatchObject({ status: 'candidate', version: 1 });
    expect(outcome.status === 'candidate' && outcome.reasons.join(' ')).toMatch(
      /first edition of its language: only 3 of the charter's 8 clauses/,
    );
    expect(flagged).toEqual([1]);
    // No version is current: readers see no clause, the candidate is listed with its reasons.
    expect(await editions.getEdition('c', 'de')).toMatchObject({
      version: 0,
      status: 'candidate',
      candidate: { version: 1, sourceKey: 'uploads/c/de/few.txt', clauseCount: 3 },
    });
    expect(await editions.listEditionClauses('c', 'de')).toEqual([]);
    expect(await editions.listVersions('c', 'de')).toMatchObject([{ version: 1, decision: 'candidate' }]);
    // A redelivery makes no second version.
    expect(await ingestEdition('uploads/c/de/few.txt', withFlags)).toMatchObject({
      status: 'candidate',
      version: 1,
    });
    // A reviewer promotes it: the first current version.
    expect(await promoteCandidate('c', 'de', undefined, deps)).toMatchObject({ from: 1, version: 2 });
    expect(await editions.getEdition('c', 'de')).toMatchObject({ version: 2, status: 'aligned' });
    expect(await editions.listEditionClauses('c', 'de')).toHaveLength(3);
  });

  it('makes a first version current when it reads as an edition, after a held-back one', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/fr/bit.txt', ['c0 0.9'], 'b');
    expect(await ingestEdition('uploads/c/fr/bit.txt', deps)).toMatchObject({ status: 'candidate' });
    upload('uploads/c/fr/full.txt', good(0.8), 'f');
    expect(await ingestEdition('uploads/c/fr/full.txt', deps)).toMatchObject({
      status: 'aligned',
      version: 2,
    });
    const fr = await editions.getEdition('c', 'fr');
    expect(fr).toMatchObject({ version: 2, status: 'aligned', sourceKey: 'uploads/c/fr/full.txt' });
    expect(fr!.candidate).toBeUndefined();
  });

  it('holds back a version far less confident than the current one, and promote makes it current', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/da/a.txt', good(0.9), 'a');
    await ingestEdition('uploads/c/da/a.txt', deps);
    upload('uploads/c/da/b.txt', good(0.5), 'b');
    expect(await ingestEdition('uploads/c/da/b.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 2,
    });
    const promoted = await promoteCandidate('c', 'da', undefined, deps);
    expect(promoted).toMatchObject({ from: 2, version: 3, sourceKey: 'uploads/c/da/b.txt' });
    expect(await editions.getEdition('c', 'da')).toMatchObject({
      version: 3,
      meanConfidence: 0.5,
      restoredFrom: 2,
    });
    expect((await editions.listEditionClauses('c', 'da')).map((c) => c.confidence)).toEqual(
      good(0.5).map(() => 0.5),
    );
    // Rollback restores the earlier upload as the newest version.
    expect(await rollBack('c', 'da', undefined, deps)).toMatchObject({
      from: 1,
      version: 4,
      sourceKey: 'uploads/c/da/a.txt',
    });
    expect(await editions.getEdition('c', 'da')).toMatchObject({ version: 4, meanConfidence: 0.9 });
    // A redelivery of the promoted upload changes nothing.
    expect(await ingestEdition('uploads/c/da/a.txt', deps)).toMatchObject({
      status: 'unchanged',
      version: 4,
    });
    await expect(promoteCandidate('c', 'da', 1, deps)).rejects.toBeInstanceOf(RestoreError);
  });

  it('lets the newer of two uploads win whichever finishes first, and keeps the older restorable', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/nb/old.txt', good(0.8), 'old');
    upload('uploads/c/nb/new.txt', good(0.9), 'new');
    // The newer upload is processed first; the older one arrives late (a retried message).
    expect(
      await ingestEdition('uploads/c/nb/new.txt', deps, { event: { eventTime: '2026-01-01T00:00:02.000Z' } }),
    ).toMatchObject({ status: 'aligned' });
    expect(
      await ingestEdition('uploads/c/nb/old.txt', deps, { event: { eventTime: '2026-01-01T00:00:01.000Z' } }),
    ).toMatchObject({ status: 'superseded', by: 'uploads/c/nb/new.txt' });
    expect(await editions.getEdition('c', 'nb')).toMatchObject({ sourceKey: 'uploads/c/nb/new.txt' });
    // The same older bytes uploaded again later are a rollback: the newest version.
    expect(
      await ingestEdition('uploads/c/nb/old.txt', deps, { event: { eventTime: '2026-01-01T00:00:03.000Z' } }),
    ).toMatchObject({ status: 'aligned' });
    expect(await editions.getEdition('c', 'nb')).toMatchObject({ sourceKey: 'uploads/c/nb/old.txt' });
  });

  it('makes exactly one version of one upload delivered twice at once', async () => {
    const { deps, upload, editions } = setup();
    upload('uploads/c/sv/a.txt', good(), 'a');
    const event = { eventTime: '2026-01-01T00:00:01.000Z', sequencer: '0A' };
    const outcomes = await Promise.all([
      ingestEdition('uploads/c/sv/a.txt', deps, { event }),
      ingestEdition('uploads/c/sv/a.txt', deps, { event }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['aligned', 'unchanged']);
    expect((await editions.listVersions('c', 'sv')).map((v) => v.version)).toHaveLength(1);
  });
});
