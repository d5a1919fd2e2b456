/**
 * The quality floor of a charter's very first edition, with the real processor (decode, detect, clean, align):
 * a charter added with its structure alone (no reviewed edition, no stored one) has no references, so its first
 * edition is judged on the structure alone (functions/core/editions/quality-gate.ts, `firstEditionReasons`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEdition, realignEarlierEditions } from '../../functions/core/editions/ingest-edition.ts';
import { MemoryBlobStore } from '../../functions/core/editions/memory-blob-store.ts';
import { MemoryEditionStore } from '../../functions/core/editions/memory-edition-store.ts';
import { promoteCandidate } from '../../functions/core/editions/restore-version.ts';
import { createEditionProcessor } from '../../functions/handlers/process-edition.ts';

const CHARTER = 'integrating-cities';
let root: string;
const saved = process.env.CHARTER_ROOT;

beforeAll(() => {
  // The charter as a user adds it: its structure only, no reviewed editions.
  root = mkdtempSync(join(tmpdir(), 'charter-first-'));
  cpSync('corpus/charters/schema.json', join(root, 'corpus/charters/schema.json'));
  cpSync(
    `corpus/charters/${CHARTER}/structure.json`,
    join(root, `corpus/charters/${CHARTER}/structure.json`),
  );
  process.env.CHARTER_ROOT = root;
});
afterAll(() => {
  if (saved === undefined) delete process.env.CHARTER_ROOT;
  else process.env.CHARTER_ROOT = saved;
  rmSync(root, { recursive: true, force: true });
});

function setup() {
  const blobs = new MemoryBlobStore();
  const editions = new MemoryEditionStore();
  const upload = (key: string, path: string) =>
    blobs.objects.set(key, { body: new Uint8Array(readFileSync(path)), etag: key });
  return { blobs, editions, upload, deps: { blobs, editions, process: createEditionProcessor() } };
}

describe("a charter's very first edition, on its structure alone", { timeout: 120_000 }, () => {
  it('becomes current when it fills the structure', async () => {
    const { deps, upload, editions } = setup();
    upload(`uploads/${CHARTER}/sv/sv.txt`, `corpus/charters/${CHARTER}/editions/sv.txt`);
    const outcome = await ingestEdition(`uploads/${CHARTER}/sv/sv.txt`, deps);
    expect(outcome).toMatchObject({ status: 'aligned', version: 1 });
    const sv = await editions.getEdition(CHARTER, 'sv');
    expect(sv).toMatchObject({ status: 'aligned', referenceLangs: [] });
    expect(sv!.clauseCount).toBeGreaterThan(35);
  });

  it("holds back another charter's edition, which fills only part of it", async () => {
    const { deps, upload, editions } = setup();
    upload(`uploads/${CHARTER}/da/udhr.txt`, 'corpus/charters/udhr/editions/da.txt');
    const outcome = await ingestEdition(`uploads/${CHARTER}/da/udhr.txt`, deps);
    expect(outcome.status).toBe('candidate');
    expect(outcome.status === 'candidate' && outcome.reasons.join(' ')).toMatch(
      /only \d+ of the charter's 42 clauses were found at confidence 0.5 or more on its structure alone .*at least 21 needed/,
    );
    expect(await editions.listEditionClauses(CHARTER, 'da')).toEqual([]);
  });

  it('once promoted, a held-back first edition is a reference the earlier edition is aligned again with', async () => {
    const { deps, upload, editions, blobs } = setup();
    upload(`uploads/${CHARTER}/sv/sv.txt`, `corpus/charters/${CHARTER}/editions/sv.txt`);
    expect(await ingestEdition(`uploads/${CHARTER}/sv/sv.txt`, deps)).toMatchObject({ status: 'aligned' });
    // Five paragraphs of the Danish edition: too little of the charter for a first edition.
    const page = readFileSync(`corpus/charters/${CHARTER}/editions/da.txt`, 'utf8')
      .split(/\n\s*\n/)
      .slice(0, 5)
      .join('\n\n');
    blobs.objects.set(`uploads/${CHARTER}/da/page.txt`, {
      body: new TextEncoder().encode(page),
      etag: 'da-page',
    });
    const held = await ingestEdition(`uploads/${CHARTER}/da/page.txt`, deps);
    expect(held).toMatchObject({ status: 'candidate', version: 1 });
    expect(await editions.getEdition(CHARTER, 'sv')).toMatchObject({ version: 1, referenceLangs: [] });

    const promoted = await promoteCandidate(CHARTER, 'da', undefined, {
      blobs,
      editions,
      realignEarlier: (charter, lang) => realignEarlierEditions(charter, lang, deps),
    });
    expect(promoted).toMatchObject({ lang: 'da', firstOfLanguage: true });
    expect(promoted.realigned?.map((r) => r.lang)).toEqual(['sv']);
    const sv = await editions.getEdition(CHARTER, 'sv');
    expect(sv).toMatchObject({ version: 2, referenceLangs: ['da'] });
    expect(sv!.clauseCount).toBeGreaterThan(35);
  });
});
