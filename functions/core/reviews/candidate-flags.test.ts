import { describe, expect, it } from 'vitest';
import { ingestEdition } from '../editions/ingest-edition.ts';
import { promoteCandidate, rollBack } from '../editions/restore-version.ts';
import type { CharterStructure } from '../structure/types.ts';
import { decideFlag } from './decide-flag.ts';
import { groupFlags } from './group.ts';
import { scriptedProcessor } from '../editions/scripted-processor.ts';
import { flaggedIngest } from '../../../test/fixtures/flagged-ingest.ts';

const TOTAL = 8;
const structure = {
  charter: 'c',
  title: 'C',
  clauses: Array.from({ length: TOTAL }, (_, order) => ({ id: `c${order}`, order })),
} as unknown as CharterStructure;

const processor = scriptedProcessor(TOTAL);

/** An ingest wired as the Lambda is: the flag refresh after a version became current and after a hold-back. */
function setup() {
  const { blobs, editions, reviews, refresh, deps } = flaggedIngest(structure, processor);
  const upload = (key: string, lines: string[], etag: string) =>
    blobs.objects.set(key, { body: new TextEncoder().encode(lines.join('\n')), etag });
  return { deps, editions, reviews, upload, restore: { blobs, editions, afterAligned: refresh } };
}

const good = () => Array.from({ length: TOTAL }, (_, i) => `c${i} 0.9`);
const FLAG_V2 = 'c:version-2:held-back-candidate:sv';

describe('review flag of a held-back candidate', () => {
  it('is raised naming language, version and reasons, and promotion closes it keeping its history', async () => {
    const { deps, reviews, upload, restore } = setup();
    upload('uploads/c/sv/good.txt', good(), 'g');
    await ingestEdition('uploads/c/sv/good.txt', deps);
    expect(await reviews.listCharterFlags('c')).toEqual([]);

    upload('uploads/c/sv/bit.txt', ['c0 0.9'], 'b');
    expect(await ingestEdition('uploads/c/sv/bit.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 2,
    });
    const flag = (await reviews.getFlag(FLAG_V2))!;
    expect(flag).toMatchObject({
      status: 'open',
      langs: ['sv'],
      kind: 'held-back-candidate',
      severity: 'high',
    });
    expect(flag.reason).toMatch(/^sv version 2 \(uploads\/c\/sv\/bit\.txt\) was held back/);
    expect(flag.reason).toMatch(/current version stays version 1/);
    expect(flag.evidence.actual.join(' ')).toMatch(/only 1 of the charter's 8 clauses/);
    // In the reviewers' queue, filtered by kind like any other flag.
    const queue = await reviews.queryFlags({ status: 'open', kind: 'held-back-candidate', limit: 10 });
    expect(queue.flags.map((f) => f.id)).toEqual([FLAG_V2]);

    // A redelivery raises nothing new.
    await ingestEdition('uploads/c/sv/bit.txt', deps);
    expect((await reviews.getFlag(FLAG_V2))!.revision).toBe(flag.revision);

    await decideFlag(
      FLAG_V2,
      { decision: 'accept', by: 'ana', note: 'a real page; promote it' },
      { reviews },
    );
    const promoted = await promoteCandidate('c', 'sv', 2, restore);
    const closed = (await reviews.getFlag(FLAG_V2))!;
    expect(closed.status).toBe('accepted');
    expect(closed.resolvedAt).toBeDefined();
    expect(closed.history.map((h) => [h.status, h.by])).toEqual([
      ['accepted', 'ana'],
      ['resolved', 'charter-align'],
    ]);
    expect(closed.history[1]!.note).toBe(
      `promoted: sv version ${promoted.version} is candidate version 2 made current`,
    );
  });

  it('is closed as superseded when a newer upload becomes current, and a new candidate gets its own flag', async () => {
    const { deps, reviews, upload } = setup();
    upload('uploads/c/sv/good.txt', good(), 'g');
    await ingestEdition('uploads/c/sv/good.txt', deps);
    upload('uploads/c/sv/bit.txt', ['c0 0.9'], 'b');
    await ingestEdition('uploads/c/sv/bit.txt', deps);
    upload('uploads/c/sv/bit2.txt', ['c1 0.9'], 'b2');
    expect(await ingestEdition('uploads/c/sv/bit2.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 3,
    });

    const first = (await reviews.getFlag(FLAG_V2))!;
    expect(first.status).toBe('resolved');
    expect(first.history.at(-1)!.note).toBe('superseded by candidate version 3; sv version 1 stays current');
    expect((await reviews.getFlag('c:version-3:held-back-candidate:sv'))!.status).toBe('open');

    upload('uploads/c/sv/good2.txt', good(), 'g2');
    expect(await ingestEdition('uploads/c/sv/good2.txt', deps)).toMatchObject({
      status: 'aligned',
      version: 4,
    });
    const third = (await reviews.getFlag('c:version-3:held-back-candidate:sv'))!;
    expect(third.status).toBe('resolved');
    expect(third.history.at(-1)!.note).toBe('superseded: sv version 4 is current');
    const open = await reviews.queryFlags({ status: 'open', limit: 10 });
    expect(open.flags).toEqual([]);
  });

  it('is closed when a rollback replaces the current version the candidate was held against', async () => {
    const { deps, reviews, upload, restore } = setup();
    upload('uploads/c/sv/a.txt', good(), 'a');
    await ingestEdition('uploads/c/sv/a.txt', deps);
    upload('uploads/c/sv/b.txt', good(), 'b');
    await ingestEdition('uploads/c/sv/b.txt', deps);
    upload('uploads/c/sv/bit.txt', ['c0 0.9'], 'x');
    expect(await ingestEdition('uploads/c/sv/bit.txt', deps)).toMatchObject({
      status: 'candidate',
      version: 3,
    });
    const rolled = await rollBack('c', 'sv', undefined, restore);
    const flag = (await reviews.getFlag('c:version-3:held-back-candidate:sv'))!;
    expect(flag.status).toBe('resolved');
    expect(flag.resolvedBy).toEqual({ lang: 'sv', version: rolled.version });
  });
});

describe('deciding a held-back candidate flag', () => {
  it('refuses a clause correction: a whole upload is promoted, not corrected', async () => {
    const { deps, reviews, upload } = setup();
    upload('uploads/c/sv/good.txt', good(), 'g');
    await ingestEdition('uploads/c/sv/good.txt', deps);
    upload('uploads/c/sv/bit.txt', ['c0 0.9'], 'b');
    await ingestEdition('uploads/c/sv/bit.txt', deps);
    await expect(
      decideFlag(FLAG_V2, { decision: 'correct', by: 'ana', note: 'n', correctedText: 'x' }, { reviews }),
    ).rejects.toThrow(/promote it/);
    expect((await reviews.getFlag(FLAG_V2))!.status).toBe('open');
  });
});

describe('held-back candidate flags in the grouped queue', () => {
  it('are one item each, even when two languages held back the same version number', async () => {
    const { deps, reviews, upload } = setup();
    for (const lang of ['sv', 'da']) {
      upload(`uploads/c/${lang}/good.txt`, good(), `${lang}g`);
      await ingestEdition(`uploads/c/${lang}/good.txt`, deps);
      upload(`uploads/c/${lang}/bit.txt`, ['c0 0.9'], `${lang}b`);
      expect(await ingestEdition(`uploads/c/${lang}/bit.txt`, deps)).toMatchObject({ version: 2 });
    }
    const flags = await reviews.listCharterFlags('c');
    expect(flags.map((f) => f.id).sort()).toEqual([
      'c:version-2:held-back-candidate:da',
      'c:version-2:held-back-candidate:sv',
    ]);
    expect(groupFlags(flags).map((g) => g.flags.length)).toEqual([1, 1]);
  });
});
