/**
 * The aligner's time budget in the ingest pipeline: with a clock that runs out, alignment of a real edition
 * stops with a reason naming where and the budget, the upload is recorded as rejected with that reason, and
 * the current version stays. A budget that is not spent changes nothing in the alignment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCharterStructure } from '../adapters/resources/charters.ts';
import { loadLanguage } from '../adapters/resources/index.ts';
import { AlignmentBudgetError, budgetMsFor } from '../core/align/budget.ts';
import { ingestEdition } from '../core/editions/ingest-edition.ts';
import { MemoryEditionStore } from '../core/editions/memory-edition-store.ts';
import { processEditionText } from '../core/pipeline/process-edition-text.ts';
import { createEditionProcessor } from './process-edition.ts';
import { MemoryBlobStore } from '../core/editions/memory-blob-store.ts';

const CHARTER = 'integrating-cities';
const editionsDir = join(import.meta.dirname, '..', '..', 'corpus', 'charters', CHARTER, 'editions');
const sv = readFileSync(join(editionsDir, 'sv.txt'));

/** A clock that moves one second each time it is read. */
function steppingClock() {
  let reads = 0;
  return () => 1000 * reads++;
}

const fiveSeconds = { baseMs: 5000, perThousandCharsMs: 0, maxMs: 5000 };

describe('the alignment time budget', { timeout: 120_000 }, () => {
  it('stops an alignment whose budget is spent, naming the stage, the time taken and the budget', async () => {
    const process = createEditionProcessor({ clock: steppingClock(), budgetRate: fiveSeconds });
    const request = { bytes: sv, charter: CHARTER, lang: 'sv', name: 'sv.txt', references: new Map() };
    const error = await process(request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AlignmentBudgetError);
    const spent = error as AlignmentBudgetError;
    expect(spent.budgetMs).toBe(5000);
    expect(spent.elapsedMs).toBe(6000);
    expect(spent.message).toMatch(
      /^alignment stopped while scoring the segments after 6\.0 s: the time budget/,
    );
  });

  it('records the upload as rejected with the reason; the current version stays', async () => {
    const blobs = new MemoryBlobStore();
    const editions = new MemoryEditionStore();
    blobs.objects.set(`uploads/${CHARTER}/sv/a.txt`, { body: sv, etag: 'a' });
    await ingestEdition(`uploads/${CHARTER}/sv/a.txt`, {
      blobs,
      editions,
      process: createEditionProcessor(),
    });
    const before = (await editions.listEditionClauses(CHARTER, 'sv')).length;
    expect(before).toBeGreaterThan(30);

    blobs.objects.set(`uploads/${CHARTER}/sv/b.txt`, { body: sv, etag: 'b' });
    const outcome = await ingestEdition(`uploads/${CHARTER}/sv/b.txt`, {
      blobs,
      editions,
      process: createEditionProcessor({ clock: steppingClock(), budgetRate: fiveSeconds }),
    });
    expect(outcome).toMatchObject({ status: 'rejected', lang: 'sv' });
    expect(outcome.status === 'rejected' && outcome.reason).toMatch(
      /time budget for a text of \d+ characters/,
    );
    expect(await editions.getEdition(CHARTER, 'sv')).toMatchObject({
      version: 1,
      status: 'failed',
      sourceKey: `uploads/${CHARTER}/sv/a.txt`,
      failedKey: `uploads/${CHARTER}/sv/b.txt`,
    });
    expect(await editions.listEditionClauses(CHARTER, 'sv')).toHaveLength(before);
  });

  it('changes nothing in an alignment that stays within it', async () => {
    const text = sv.toString('utf8');
    const resources = await loadLanguage('sv');
    const options = {
      structure: loadCharterStructure(CHARTER),
      references: [],
      lang: 'sv',
      resources,
    };
    const plain = await processEditionText(text, options);
    const timed = await processEditionText(text, { ...options, clock: () => performance.now() });
    expect(timed.alignment.clauses).toEqual(plain.alignment.clauses);
    expect(timed.alignment.residue).toEqual(plain.alignment.residue);
  });

  it('grows with the text and is capped', () => {
    expect(budgetMsFor(0)).toBe(20_000);
    expect(budgetMsFor(8_000)).toBe(36_000);
    expect(budgetMsFor(10_000_000)).toBe(240_000);
  });
});
