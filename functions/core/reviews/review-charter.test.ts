import { describe, expect, it } from 'vitest';
import type { ClauseRecord, EditionRecord } from '../editions/types.ts';
import type { CharterStructure } from '../structure/types.ts';
import { decideFlag } from './decide-flag.ts';
import { MemoryReviewStore } from './memory-review-store.ts';
import { type Detector, reviewCharter } from './review-charter.ts';

const structure = {
  charter: 'c1',
  title: 'C',
  clauses: ['a', 'b'].map((id, order) => ({ id, order })),
} as unknown as CharterStructure;

/** A detector fake: flags every edition whose clause has a year the others lack. */
const yearDetector: Detector = ({ editions }) =>
  structure.clauses.flatMap(({ id }) => {
    const years = editions.map((e) => ({
      lang: e.lang,
      years: e.clauses[id]?.text.match(/\d{4}/g) ?? ([] as string[]),
    }));
    return years
      .filter((y) => y.years.some((year) => years.some((o) => o !== y && !o.years.includes(year))))
      .map((y) => ({
        charter: 'c1',
        clause: id,
        langs: [y.lang],
        kind: 'number-mismatch' as const,
        severity: 'high' as const,
        reason: `${y.lang} has ${y.years.join(', ')}`,
        evidence: {
          actual: y.years,
          expected: [],
          comparedWith: years.filter((o) => o !== y).map((o) => o.lang),
        },
      }));
  });

/** `neverAligned`: editions whose only upload failed (no current version); `lastFailed`: a later upload failed. */
function editionsStore(
  texts: Record<string, Record<string, string>>,
  neverAligned: string[] = [],
  lastFailed: string[] = [],
) {
  const record = (lang: string): EditionRecord =>
    ({
      charter: 'c1',
      lang,
      // The store leaves `version` out of an edition no upload of which was ever aligned.
      version: neverAligned.includes(lang) ? undefined : 2,
      status: neverAligned.includes(lang) || lastFailed.includes(lang) ? 'failed' : 'aligned',
      residue: [],
    }) as unknown as EditionRecord;
  return {
    listEditions: async () => Object.keys(texts).map(record),
    listEditionClauses: async (_: string, lang: string): Promise<ClauseRecord[]> =>
      Object.entries(texts[lang] ?? {}).map(([clauseId, text], order) => ({
        charter: 'c1',
        clauseId,
        lang,
        order,
        text,
        confidence: 0.9,
        version: 1,
      })),
  };
}

describe('reviewCharter', () => {
  const deps = (
    reviews: MemoryReviewStore,
    texts: Record<string, Record<string, string>>,
    neverAligned?: string[],
    lastFailed?: string[],
  ) => ({
    reviews,
    editions: editionsStore(texts, neverAligned, lastFailed),
    structure: () => structure,
    detect: yearDetector,
  });

  it('flags what the detector finds on the current editions, and registers the charter', async () => {
    const reviews = new MemoryReviewStore();
    // da was never aligned; nb's last upload failed, but its current version stands and is compared.
    const result = await reviewCharter(
      'c1',
      deps(reviews, { sv: { a: 'År 2004' }, nb: { a: 'I 2006' }, da: { a: 'I 2006' } }, ['da'], ['nb']),
    );
    expect(result.editions.sort()).toEqual(['nb', 'sv']);
    expect((await reviews.listCharterFlags('c1')).map((f) => f.id)).toEqual([
      'c1:a:number-mismatch:nb',
      'c1:a:number-mismatch:sv',
    ]);
    expect(await reviews.listCharters()).toEqual(['c1']);
  });

  it('ends with the flags of the final state when another edition lands during a refresh', async () => {
    const texts: Record<string, Record<string, string>> = { sv: { a: 'År 2004' } };
    const reviews = new MemoryReviewStore();
    const live = { ...deps(reviews, texts), editions: editionsStore(texts) };
    let interleaved = false;
    const racing = {
      ...live,
      // While this refresh runs on sv alone, nb is ingested and its own refresh runs to the end.
      detect: ((input) => {
        if (!interleaved) {
          interleaved = true;
          texts.nb = { a: 'I 2006' };
        }
        return yearDetector(input);
      }) as Detector,
    };
    const first = reviewCharter('c1', racing);
    await reviewCharter('c1', live);
    await first;
    const open = (await reviews.listCharterFlags('c1')).filter((f) => f.status === 'open').map((f) => f.id);
    expect(open.sort()).toEqual(['c1:a:number-mismatch:nb', 'c1:a:number-mismatch:sv']);
  });

  it('keeps a decision over a re-ingest of the same text and reopens it when the text changes', async () => {
    const reviews = new MemoryReviewStore();
    const before = { sv: { a: 'År 2004', b: 'x' }, nb: { a: 'I 2006', b: 'y' } };
    await reviewCharter('c1', deps(reviews, before));
    await decideFlag(
      'c1:a:number-mismatch:nb',
      { decision: 'accept', note: 'print says 2006', by: 'ann' },
      { reviews },
    );
    await reviewCharter('c1', deps(reviews, { ...before, nb: { a: 'I 2006', b: 'changed elsewhere' } }));
    expect((await reviews.getFlag('c1:a:number-mismatch:nb'))!.status).toBe('accepted');
    await reviewCharter('c1', deps(reviews, { ...before, nb: { a: 'I 2007', b: 'y' } }));
    const reopened = (await reviews.getFlag('c1:a:number-mismatch:nb'))!;
    expect(reopened.status).toBe('open');
    expect(reopened.history.map((h) => h.status)).toEqual(['accepted', 'reopened']);
  });

  it('compares nothing with one edition, and resolves decided flags the detector no longer raises', async () => {
    const reviews = new MemoryReviewStore();
    await reviewCharter('c1', deps(reviews, { sv: { a: 'År 2004' }, nb: { a: 'I 2006' } }));
    await decideFlag(
      'c1:a:number-mismatch:nb',
      { decision: 'dismiss', note: 'noise', by: 'ann' },
      { reviews },
    );
    const result = await reviewCharter('c1', deps(reviews, { sv: { a: 'År 2004' } }));
    expect(result.findings).toBe(0);
    const flags = await reviews.listCharterFlags('c1');
    expect(flags.map((f) => [f.id, f.status, Boolean(f.resolvedAt)])).toEqual([
      ['c1:a:number-mismatch:nb', 'dismissed', true],
      ['c1:a:number-mismatch:sv', 'resolved', true],
    ]);
  });

  it('reads a correction as the record while its OCR text stays, and flags it when a re-ingest reads otherwise', async () => {
    const reviews = new MemoryReviewStore();
    const ocr = { sv: { a: 'År 2004' }, nb: { a: 'I 2006' } };
    await reviewCharter('c1', deps(reviews, ocr));
    const served = (lang: string, text: string) => ({ lang, text, version: 2 }) as ClauseRecord;
    await decideFlag(
      'c1:a:number-mismatch:nb',
      { decision: 'correct', note: 'OCR misread 2004', by: 'ann', correctedText: 'I 2004' },
      { reviews, clauses: { getClause: async () => [served('nb', 'I 2006'), served('sv', 'År 2004')] } },
    );
    expect((await reviews.getReviewedClauses('c1', 'a'))[0]).toMatchObject({ ocrText: 'I 2006', version: 2 });
    // The same OCR text again: the detector reads the correction, so the finding is gone on both sides.
    await reviewCharter('c1', deps(reviews, ocr), { lang: 'nb', version: 3 });
    const flags = await reviews.listCharterFlags('c1');
    expect(flags.map((f) => [f.id, f.status, f.resolvedBy?.version])).toEqual([
      ['c1:a:number-mismatch:nb', 'corrected', 3],
      ['c1:a:number-mismatch:sv', 'resolved', 3],
    ]);
    // A re-ingest reads the nb clause differently: the correction no longer applies and is flagged.
    await reviewCharter('c1', deps(reviews, { ...ocr, nb: { a: 'I 2007' } }), { lang: 'nb', version: 4 });
    const stale = (await reviews.getFlag('c1:a:stale-correction:nb'))!;
    expect(stale).toMatchObject({ status: 'open', evidence: { actual: ['I 2007'], expected: ['I 2004'] } });
    expect(stale.reason).toContain('ann');
    expect((await reviews.getFlag('c1:a:number-mismatch:nb'))!.status).toBe('open');
  });
});

describe('reviewCharter and text quality', () => {
  it('keeps a single edition’s own findings (low quality, low confidence) but compares nothing', async () => {
    const detect: Detector = ({ editions }) =>
      editions.flatMap((e) =>
        (['low-quality', 'number-mismatch'] as const).map((kind) => ({
          charter: 'c1',
          clause: 'a',
          langs: [e.lang],
          kind,
          severity: 'medium' as const,
          reason: kind,
          evidence: { actual: [], expected: [], comparedWith: [] },
        })),
      );
    const reviews = new MemoryReviewStore();
    const store = editionsStore({ sv: { a: 'x' } });
    const result = await reviewCharter('c1', {
      reviews,
      editions: store,
      structure: () => structure,
      detect,
    });
    expect(result.findings).toBe(1);
    expect((await reviews.listCharterFlags('c1')).map((f) => f.id)).toEqual(['c1:a:low-quality:sv']);
  });

  it('hands the detector each stored clause quality and unknown words, an old clause without them as null', async () => {
    const seen: Array<[string, string, unknown, unknown]> = [];
    const detect: Detector = ({ editions }) => {
      for (const e of editions) {
        for (const [id, c] of Object.entries(e.clauses)) seen.push([e.lang, id, c.quality, c.unknownWords]);
      }
      return [];
    };
    const store = editionsStore({ sv: { a: 'x' }, da: { a: 'y' } });
    const rated = {
      ...store,
      listEditionClauses: async (charter: string, lang: string) =>
        (await store.listEditionClauses(charter, lang)).map((c) =>
          lang === 'sv' ? { ...c, quality: 0.5, unknownWords: ['stader'] } : c,
        ),
    };
    await reviewCharter('c1', {
      reviews: new MemoryReviewStore(),
      editions: rated,
      structure: () => structure,
      detect,
    });
    expect(seen.sort()).toEqual([
      ['da', 'a', null, []],
      ['sv', 'a', 0.5, ['stader']],
    ]);
  });
});
