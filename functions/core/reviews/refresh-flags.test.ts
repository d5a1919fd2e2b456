import { describe, expect, it } from 'vitest';
import { decideFlag } from './decide-flag.ts';
import { FlagConflictError } from './errors.ts';
import { MemoryReviewStore } from './memory-review-store.ts';
import { planFlagRefresh, refreshCharterFlags } from './refresh-flags.ts';
import { finding, texts } from './test-fixtures.ts';
import type { ReviewFlag } from './types.ts';

const order = new Map([
  ['intro.1', 3],
  ['intro.2', 4],
]);
const baseTexts = texts({
  nb: { 'intro.1': 'I 2006 vedtok byene', 'intro.2': 'Byene' },
  sv: { 'intro.1': 'År 2004' },
});

function clock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return () => {
    t += 60_000;
    return new Date(t);
  };
}

async function seeded() {
  const reviews = new MemoryReviewStore();
  const now = clock();
  await refreshCharterFlags(
    { charter: 'c1', findings: [finding()], texts: baseTexts, order },
    { reviews, now },
  );
  const [flag] = await reviews.listCharterFlags('c1');
  return { reviews, now, flag: flag! };
}

describe('planFlagRefresh', () => {
  it('opens a flag per finding with a stable id, the clause order and no history', () => {
    const plan = planFlagRefresh({
      charter: 'c1',
      findings: [finding(), finding({ clause: 'intro.2', kind: 'meaning-drift', langs: ['sv', 'nb'] })],
      existing: [],
      texts: baseTexts,
      order,
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(plan.put.map((p) => [p.flag.id, p.flag.status, p.flag.order, p.expectedRevision])).toEqual([
      ['c1:intro.1:number-mismatch:nb', 'open', 3, null],
      ['c1:intro.2:meaning-drift:nb+sv', 'open', 4, null],
    ]);
    expect(plan.put[1]!.flag.langs).toEqual(['nb', 'sv']);
    expect(plan.counts.created).toBe(2);
  });

  it('rejects findings of another charter', () => {
    expect(() =>
      planFlagRefresh({
        charter: 'c2',
        findings: [finding()],
        existing: [],
        texts: baseTexts,
        order,
        now: 'x',
      }),
    ).toThrow(TypeError);
  });

  it('writes nothing when the same findings come back on the same texts', async () => {
    const { flag } = await seeded();
    const plan = planFlagRefresh({
      charter: 'c1',
      findings: [finding()],
      existing: [flag],
      texts: baseTexts,
      order,
      now: 'later',
    });
    expect(plan.put).toEqual([]);
    expect(plan.counts.kept).toBe(1);
  });
});

describe('refreshCharterFlags with decisions', () => {
  it('keeps a decision when the flagged clause text did not change', async () => {
    const { reviews, now, flag } = await seeded();
    await decideFlag(
      flag.id,
      { decision: 'accept', note: 'the nb print has 2006', by: 'ann' },
      { reviews, now },
    );
    // Another language's text changed (not one the flag names): the decision stays.
    const changedElsewhere = texts({
      nb: { 'intro.1': 'I 2006 vedtok byene' },
      sv: { 'intro.1': 'År 2004 antog' },
    });
    const counts = await refreshCharterFlags(
      { charter: 'c1', findings: [finding()], texts: changedElsewhere, order },
      { reviews, now },
    );
    const after = (await reviews.getFlag(flag.id))!;
    expect(after.status).toBe('accepted');
    expect(counts.reopened).toBe(0);
    expect(after.history.map((h) => h.status)).toEqual(['accepted']);
  });

  it('reopens a decided flag whose flagged clause text changed, keeping the history', async () => {
    const { reviews, now, flag } = await seeded();
    await decideFlag(flag.id, { decision: 'dismiss', note: 'OCR noise', by: 'ann' }, { reviews, now });
    const changed = texts({ nb: { 'intro.1': 'I 2007 vedtok byene' } });
    const counts = await refreshCharterFlags(
      {
        charter: 'c1',
        findings: [finding({ evidence: { actual: ['2007'], expected: ['2004'], comparedWith: ['sv'] } })],
        texts: changed,
        order,
      },
      { reviews, now },
    );
    const after = (await reviews.getFlag(flag.id))!;
    expect(counts.reopened).toBe(1);
    expect(after.status).toBe('open');
    expect(after.history.map((h) => h.status)).toEqual(['dismissed', 'reopened']);
    expect(after.evidence.actual).toEqual(['2007']);
  });

  it('closes an open flag whose finding is gone as resolved by the ingest, and keeps a decided one', async () => {
    const reviews = new MemoryReviewStore();
    const now = clock();
    const other = finding({ clause: 'intro.2', kind: 'length-outlier', severity: 'low' });
    await refreshCharterFlags(
      { charter: 'c1', findings: [finding(), other], texts: baseTexts, order },
      { reviews, now },
    );
    const [first, second] = await reviews.listCharterFlags('c1');
    await decideFlag(first!.id, { decision: 'accept', note: 'real', by: 'ann' }, { reviews, now });
    const counts = await refreshCharterFlags(
      { charter: 'c1', findings: [], texts: baseTexts, order, cause: { lang: 'nb', version: 4 } },
      { reviews, now },
    );
    expect(counts).toMatchObject({ resolved: 2 });
    const left = await reviews.listCharterFlags('c1');
    expect(left.map((f) => [f.id, f.status, Boolean(f.resolvedAt)]).sort()).toEqual(
      [
        [first!.id, 'accepted', true],
        [second!.id, 'resolved', true],
      ].sort(),
    );
    const closed = (await reviews.getFlag(second!.id))!;
    expect(closed.resolvedBy).toEqual({ lang: 'nb', version: 4 });
    expect(closed.history.map((h) => [h.status, h.note])).toEqual([
      ['resolved', 'no longer detected after nb version 4'],
    ]);
    // The findings come back on the same text: the decision holds, the closed flag is open again.
    await refreshCharterFlags(
      { charter: 'c1', findings: [finding(), other], texts: baseTexts, order },
      { reviews, now },
    );
    const back = (await reviews.getFlag(first!.id))!;
    expect(back.status).toBe('accepted');
    expect(back.resolvedAt).toBeUndefined();
    const reopened = (await reviews.getFlag(second!.id))!;
    expect(reopened.status).toBe('open');
    expect(reopened.history.map((h) => h.status)).toEqual(['resolved', 'reopened']);
  });

  it('keeps a corrected flag whose own correction is the served text, and reopens it otherwise', async () => {
    const { reviews, now, flag } = await seeded();
    await decideFlag(
      flag.id,
      { decision: 'correct', note: 'OCR read 2006', by: 'ann', correctedText: 'I 2004 vedtok byene' },
      { reviews, now },
    );
    const corrected = texts({ nb: { 'intro.1': 'I 2004 vedtok byene' }, sv: { 'intro.1': 'År 2004 antog' } });
    const stillRaised = finding({ evidence: { actual: ['x'], expected: ['2004'], comparedWith: ['sv'] } });
    const served = new Map([[`intro.1\u0000nb`, flag.id]]);
    const kept = await refreshCharterFlags(
      { charter: 'c1', findings: [stillRaised], texts: corrected, order, correctionsInForce: served },
      { reviews, now },
    );
    expect(kept.reopened).toBe(0);
    expect((await reviews.getFlag(flag.id))!.status).toBe('corrected');
    // The same change without the correction being served (a re-ingest read the clause differently): reopened.
    const changed = texts({ nb: { 'intro.1': 'I 2008 vedtok byene' } });
    const reopened = await refreshCharterFlags(
      { charter: 'c1', findings: [stillRaised], texts: changed, order, correctionsInForce: new Map() },
      { reviews, now },
    );
    expect(reopened.reopened).toBe(1);
    expect((await reviews.getFlag(flag.id))!.status).toBe('open');
  });

  it('does not lose a decision made while the refresh was writing', async () => {
    const { reviews, now, flag } = await seeded();
    // A store that lets a reviewer decide just before the refresh's write lands.
    let interleaved = false;
    const racing = Object.create(reviews) as MemoryReviewStore;
    racing.putFlag = async (next: ReviewFlag, expected: number | null) => {
      if (!interleaved && next.id === flag.id) {
        interleaved = true;
        await decideFlag(flag.id, { decision: 'accept', note: 'seen', by: 'bob' }, { reviews, now });
      }
      return reviews.putFlag(next, expected);
    };
    const reworded = finding({ reason: 'nb says 2006; sv and da say 2004' });
    await refreshCharterFlags(
      { charter: 'c1', findings: [reworded], texts: baseTexts, order },
      { reviews: racing, now },
    );
    const after = (await reviews.getFlag(flag.id))!;
    expect(after.status).toBe('accepted');
    expect(after.reason).toBe('nb says 2006; sv and da say 2004');
  });

  it('gives up with a conflict when the flag keeps changing', async () => {
    const { reviews, now, flag } = await seeded();
    const busy = Object.create(reviews) as MemoryReviewStore;
    busy.putFlag = async (next: ReviewFlag) => {
      throw new FlagConflictError(next.id, 0);
    };
    await expect(
      refreshCharterFlags(
        { charter: 'c1', findings: [finding({ reason: 'changed' })], texts: baseTexts, order },
        { reviews: busy, now },
      ),
    ).rejects.toBeInstanceOf(FlagConflictError);
    expect((await reviews.getFlag(flag.id))!.reason).toBe(finding().reason);
  });
});
