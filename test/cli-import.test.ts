/**
 * `charter import FILE.tmx` and the CSV byte-order mark, as a user runs them: editions saved through the
 * DynamoDB store of a temporary data folder, exported as TMX by `charter export`, imported again by
 * `charter import`, and the reviewed texts read back from the store.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEdition } from './fixtures/edition-record.ts';
import { startLocalStack } from '../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { loadCharterStructure } from '../functions/adapters/resources/charters.ts';
import { cliEnv, json, runCli, tempDataDir } from './e2e/run-cli.ts';

const CHARTER = 'integrating-cities';
const ids = loadCharterStructure(CHARTER).clauses.map((c) => c.id);
/** sv has three clauses, da two: texts with separators, markup, line breaks and å/ä/ø. */
const TEXTS: Record<string, string[]> = {
  sv: ['Städer, regioner och "stater"\r\nandra raden <&>', 'Åtagande två', 'Tre; ä ö'],
  da: ['Byer & regioner – ø', 'Forpligtelse to'],
};

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
  const stack = await startLocalStack({ dir: dataDir });
  try {
    const editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
    for (const [lang, texts] of Object.entries(TEXTS)) {
      const clauses = texts.map((text, order) => ({ clauseId: ids[order]!, order, text, confidence: 0.9 }));
      await seedEdition(editions, CHARTER, lang, clauses, 0.9);
    }
  } finally {
    await stack.close();
  }
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function reviewedTexts() {
  const stack = await startLocalStack({ dir: dataDir });
  try {
    return await new DynamoDbReviewStore(stack.dynamodb, stack.table).listReviewedClauses(CHARTER);
  } finally {
    await stack.close();
  }
}

describe('charter import', { timeout: 120_000 }, () => {
  it('imports its own TMX export as the same reviewed texts; the source language has the most units', async () => {
    const file = join(dataDir, 'record.tmx');
    const exported = await runCli(['export', '--out', file], env);
    expect(exported.code, exported.stderr).toBe(0);
    // sv has 3 units, da 2: sv is the source though da sorts first.
    expect(readFileSync(file, 'utf8')).toMatch(/<header [^>]*srclang="sv"/);

    const dry = await runCli(['import', file, '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(json(dry)).toMatchObject({ imported: 5, dryRun: true });
    expect(await reviewedTexts()).toEqual([]);

    const run = await runCli(['import', file, '--by', 'translator', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toEqual({
      charter: CHARTER,
      file,
      units: 3,
      imported: 5,
      languages: ['da', 'sv'],
      skipped: [],
      dryRun: false,
    });
    const stored = await reviewedTexts();
    const expected = Object.entries(TEXTS).flatMap(([lang, texts]) =>
      texts.map((text, order) => ({ clauseId: ids[order], lang, text })),
    );
    const key = (r: { clauseId?: string; lang: string }) => `${r.clauseId} ${r.lang}`;
    expect(
      stored
        .map(({ clauseId, lang, text }) => ({ clauseId, lang, text }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    ).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    expect(stored.every((r) => r.by === 'translator' && r.flagId === 'import:record.tmx')).toBe(true);
  });

  it('skips units of no clause, and refuses a TMX of another charter or a file that is not TMX', async () => {
    const other = join(dataDir, 'other.tmx');
    writeFileSync(
      other,
      `<tmx version="1.4"><header srclang="en"/><body><tu tuid="${ids[0]}"><tuv xml:lang="nb"><seg>Byer</seg></tuv></tu><tu tuid="no.such"><tuv xml:lang="nb"><seg>x</seg></tuv></tu></body></tmx>`,
    );
    const run = await runCli(['import', other, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run)).toMatchObject({
      imported: 1,
      skipped: [{ unit: 'no.such', reason: 'not a clause of this charter' }],
    });

    const file = join(dataDir, 'record.tmx');
    const wrong = await runCli(['import', file, '--charter', 'udhr', '--json'], env);
    expect(wrong.code).toBe(2);
    expect(json(wrong)).toEqual({
      error: `${file} is an export of charter ${CHARTER}, not udhr`,
      exitCode: 2,
    });

    const broken = join(dataDir, 'broken.tmx');
    writeFileSync(broken, '<tmx><body>\n<tu><tuv xml:lang="sv"><seg>a</tuv></tu></body></tmx>');
    const bad = await runCli(['import', broken, '--json'], env);
    expect(bad.code).toBe(1);
    expect(json(bad)).toEqual({ error: `${broken} is not TMX: line 2: </tuv> closes <seg>`, exitCode: 1 });
  });
});

describe('charter export --bom', { timeout: 120_000 }, () => {
  it('starts a .csv file with a byte-order mark, not stdout, unless asked', async () => {
    const bom = [0xef, 0xbb, 0xbf];
    const csv = join(dataDir, 'record.csv');
    expect((await runCli(['export', '--out', csv], env)).code).toBe(0);
    expect([...readFileSync(csv).subarray(0, 3)]).toEqual(bom);
    expect(readFileSync(csv, 'utf8').slice(1)).toMatch(/^clause/);
    expect((await runCli(['export', '--out', csv, '--no-bom'], env)).code).toBe(0);
    expect([...readFileSync(csv).subarray(0, 3)]).not.toEqual(bom);
    const stdout = await runCli(['export', '--format', 'csv'], env);
    expect(stdout.stdout.charCodeAt(0)).not.toBe(0xfeff);
    const asked = await runCli(['export', '--format', 'csv', '--bom'], env);
    expect(asked.stdout.charCodeAt(0)).toBe(0xfeff);
    // JSON and TMX never get one.
    const tmx = join(dataDir, 'record.tmx');
    expect((await runCli(['export', '--out', tmx, '--bom'], env)).code).toBe(0);
    expect(readFileSync(tmx, 'utf8').startsWith('<?xml')).toBe(true);
  });
});
