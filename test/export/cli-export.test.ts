/**
 * `charter export` as a user runs it: spawned processes on a temporary data folder whose editions were saved
 * through the DynamoDB store (no ingest, so the texts are exactly the tricky ones below), read back as CSV on
 * stdout and as TMX and JSON files.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEdition } from '../fixtures/edition-record.ts';
import { startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { loadCharterStructure } from '../../functions/adapters/resources/charters.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { cliEnv, json, runCli, tempDataDir } from '../e2e/run-cli.ts';

const CHARTER = 'integrating-cities';
const ids = loadCharterStructure(CHARTER).clauses.map((c) => c.id);
const TEXTS: Record<string, string> = {
  sv: 'Städer, regioner och "stater"\r\nandra raden <&>',
  el: 'Χάρτης των πόλεων; 城市 🇪🇺',
};

let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
  const stack = await startLocalStack({ dir: dataDir });
  try {
    const editions = new DynamoDbEditionStore(stack.dynamodb, stack.table);
    for (const [lang, text] of Object.entries(TEXTS)) {
      // sv has the first two clauses, el only the first.
      const clauses = ids.slice(0, lang === 'sv' ? 2 : 1).map((clauseId, order) => ({
        clauseId,
        order,
        text: order === 0 ? text : `${lang} ${clauseId}`,
        confidence: 0.5 + order / 4,
        // Greek has no lexicon: its text quality is unknown.
        quality: lang === 'sv' ? [0.9, 0.8][order]! : null,
      }));
      await seedEdition(editions, CHARTER, lang, clauses, 0.6);
    }
    await refreshCharterFlags(
      {
        charter: CHARTER,
        findings: [finding({ charter: CHARTER, clause: ids[1]!, kind: 'missing-clause', langs: ['el'] })],
        texts: texts({ sv: { [ids[1]!]: `sv ${ids[1]}` } }),
        order: new Map(ids.map((id, order) => [id, order])),
      },
      { reviews: new DynamoDbReviewStore(stack.dynamodb, stack.table) },
    );
  } finally {
    await stack.close();
  }
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** RFC 4180 records: quoted fields may hold commas, quotes and line breaks; records end with CRLF. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  const field = /(?:"((?:[^"]|"")*)"|([^",\r\n]*))(,|\r\n)/y;
  let fields: string[] = [];
  while (field.lastIndex < text.length) {
    const at = field.lastIndex;
    const match = field.exec(text);
    if (!match) throw new Error(`not CSV at ${at}: ${JSON.stringify(text.slice(at, at + 30))}`);
    fields.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]!);
    if (match[3] === '\r\n') {
      records.push(fields);
      fields = [];
    }
  }
  return records;
}

describe('charter export', { timeout: 120_000 }, () => {
  it('prints CSV on stdout: every clause of the structure in order, the texts exactly as stored', async () => {
    const run = await runCli(['export', '--format', 'csv'], env);
    expect(run.code, run.stderr).toBe(0);
    const [header, ...rows] = readCsv(run.stdout);
    expect(header).toEqual([
      'clause',
      'order',
      'el',
      'sv',
      'el_confidence',
      'sv_confidence',
      'el_quality',
      'sv_quality',
      'flags',
      'el_reviewed_by',
      'sv_reviewed_by',
      'el_reviewed_at',
      'sv_reviewed_at',
      'el_ocr_text',
      'sv_ocr_text',
      'accepted',
    ]);
    expect(rows.map((r) => r[0])).toEqual(ids);
    expect(rows[0]!.slice(2, 8)).toEqual([TEXTS.el, TEXTS.sv, '0.5', '0.5', '', '0.9']);
    expect(rows[1]!.slice(2, 9)).toEqual([
      '',
      `sv ${ids[1]}`,
      '',
      '0.75',
      '',
      '0.8',
      `${CHARTER}:${ids[1]}:missing-clause:el`,
    ]);
    expect(rows.slice(2).every((r) => r.slice(2).every((cell) => cell === ''))).toBe(true);
  });

  it('writes TMX to --out (format from the extension) and prints a summary with --json', async () => {
    const out = join(dataDir, 'record.tmx');
    const run = await runCli(['export', '--out', out, '--source', 'sv', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const tmx = readFileSync(out, 'utf8');
    expect(json(run)).toEqual({
      charter: CHARTER,
      format: 'tmx',
      file: out,
      bytes: Buffer.byteLength(tmx),
      languages: ['el', 'sv'],
      clauses: ids.length,
      flags: 1,
    });
    expect(tmx).toMatch(/<header [^>]*srclang="sv"/);
    expect(tmx).toContain('<seg>Städer, regioner och "stater"&#xD;\nandra raden &lt;&amp;&gt;</seg>');
    expect(tmx.match(/<tu /g)).toHaveLength(2);
    // The stored text quality comes back per tuv, only where it is known.
    expect(tmx.match(/<prop type="x-quality">[^<]*<\/prop>/g)).toEqual([
      '<prop type="x-quality">0.9</prop>',
      '<prop type="x-quality">0.8</prop>',
    ]);
  });

  it('exits 2 on a bad format, a source not exported or TMX with --json alone, 3 on an unknown charter', async () => {
    const format = await runCli(['export', '--format', 'xlsx'], env);
    expect([format.code, format.stderr]).toEqual([2, expect.stringMatching(/unknown format "xlsx"/)]);
    const source = await runCli(['export', '--source', 'fi', '--json'], env);
    expect(source.code).toBe(2);
    expect(json(source)).toEqual({ error: expect.stringMatching(/"fi" is not exported/), exitCode: 2 });
    // --json alone prints the JSON export: TMX on stdout would not be JSON.
    expect((await runCli(['export', '--format', 'tmx', '--json'], env)).code).toBe(2);
    expect((await runCli(['export', '--charter', 'no-such-charter'], env)).code).toBe(3);
  });
});
