import { describe, expect, it } from 'vitest';
import { decideFlag } from './decide-flag.ts';
import { FlagConflictError, FlagNotFoundError, InvalidDecisionError } from './errors.ts';
import { MemoryReviewStore } from './memory-review-store.ts';
import { refreshCharterFlags } from './refresh-flags.ts';
import { finding, texts } from './test-fixtures.ts';

async function setup() {
  const reviews = new MemoryReviewStore();
  const now = () => new Date('2026-03-04T05:06:07.000Z');
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings: [finding(), finding({ clause: 'intro.2', kind: 'meaning-drift', langs: ['sv', 'nb'] })],
      texts: texts({ nb: { 'intro.1': 'I 2006' } }),
      order: new Map(),
    },
    { reviews, now },
  );
  return { reviews, now, single: 'c1:intro.1:number-mismatch:nb', pair: 'c1:intro.2:meaning-drift:nb+sv' };
}

describe('decideFlag', () => {
  it('records status, who, when and why', async () => {
    const { reviews, now, single } = await setup();
    const flag = await decideFlag(
      single,
      { decision: 'dismiss', note: ' a misread 4 ', by: 'ann' },
      { reviews, now },
    );
    expect(flag.status).toBe('dismissed');
    expect(flag.history).toEqual([
      { status: 'dismissed', by: 'ann', at: '2026-03-04T05:06:07.000Z', note: 'a misread 4' },
    ]);
    expect((await reviews.getFlag(single))!.revision).toBe(flag.revision);
  });

  it('stores a correction as a reviewed clause text of the flagged language', async () => {
    const { reviews, now, single } = await setup();
    await decideFlag(
      single,
      { decision: 'correct', note: 'print error', by: 'ann', correctedText: 'I 2004 vedtok byene' },
      { reviews, now },
    );
    expect(await reviews.getReviewedClauses('c1', 'intro.1')).toEqual([
      {
        charter: 'c1',
        clauseId: 'intro.1',
        lang: 'nb',
        text: 'I 2004 vedtok byene',
        by: 'ann',
        at: '2026-03-04T05:06:07.000Z',
        flagId: single,
        order: 99999,
      },
    ]);
    expect((await reviews.getFlag(single))!.history[0]).toMatchObject({ status: 'corrected', lang: 'nb' });
  });

  it('asks which language a correction is for when the flag names several', async () => {
    const { reviews, now, pair } = await setup();
    const correct = { decision: 'correct' as const, note: 'n', by: 'ann', correctedText: 'text' };
    await expect(decideFlag(pair, correct, { reviews, now })).rejects.toBeInstanceOf(InvalidDecisionError);
    await expect(decideFlag(pair, { ...correct, lang: 'da' }, { reviews, now })).rejects.toThrow(
      /does not name da/,
    );
    const flag = await decideFlag(pair, { ...correct, lang: 'sv' }, { reviews, now });
    expect(flag.status).toBe('corrected');
  });

  it('rejects decisions without a note, a reviewer, or the text of a correction', async () => {
    const { reviews, now, single } = await setup();
    const bad = [
      { decision: 'accept' as const, note: '  ', by: 'ann' },
      { decision: 'accept' as const, note: 'why', by: '' },
      { decision: 'correct' as const, note: 'why', by: 'ann' },
      { decision: 'accept' as const, note: 'why', by: 'ann', correctedText: 'x' },
      { decision: 'reopen' as const, note: 'why', by: 'ann' },
    ];
    for (const request of bad) {
      await expect(decideFlag(single, request, { reviews, now })).rejects.toBeInstanceOf(
        InvalidDecisionError,
      );
    }
    expect((await reviews.getFlag(single))!.status).toBe('open');
  });

  it('fails with a conflict when the flag changed since the revision the reviewer saw', async () => {
    const { reviews, now, single } = await setup();
    const seen = (await reviews.getFlag(single))!.revision;
    await decideFlag(
      single,
      { decision: 'accept', note: 'real', by: 'ann', revision: seen },
      { reviews, now },
    );
    await expect(
      decideFlag(single, { decision: 'dismiss', note: 'noise', by: 'bob', revision: seen }, { reviews, now }),
    ).rejects.toBeInstanceOf(FlagConflictError);
    expect((await reviews.getFlag(single))!.status).toBe('accepted');
  });

  it('reopens a decided flag, and says when a flag does not exist', async () => {
    const { reviews, now, single } = await setup();
    await decideFlag(single, { decision: 'accept', note: 'real', by: 'ann' }, { reviews, now });
    const reopened = await decideFlag(
      single,
      { decision: 'reopen', note: 'second look', by: 'bob' },
      { reviews, now },
    );
    expect(reopened.status).toBe('open');
    expect(reopened.history.map((h) => h.status)).toEqual(['accepted', 'reopened']);
    await expect(
      decideFlag('c1:nope:meaning-drift:sv', { decision: 'accept', note: 'n', by: 'a' }, { reviews, now }),
    ).rejects.toBeInstanceOf(FlagNotFoundError);
  });
});
