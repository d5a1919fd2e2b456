/**
 * `charter review` as a user drives it: spawned processes on a temporary data folder whose flags were raised
 * through the real refresh use case, read back and decided through the CLI.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { refreshCharterFlags } from '../../functions/core/reviews/refresh-flags.ts';
import { finding, texts } from '../../functions/core/reviews/test-fixtures.ts';
import { cliEnv, json, runCli, tempDataDir } from '../e2e/run-cli.ts';

let dataDir: string;
let env: NodeJS.ProcessEnv;
const NB = 'c1:intro.1:number-mismatch:nb';
const PAIR = 'c1:intro.2:meaning-drift:da+sv';

beforeAll(async () => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
  const stack = await startLocalStack({ dir: dataDir });
  try {
    const reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
    await refreshCharterFlags(
      {
        charter: 'c1',
        findings: [
          finding(),
          finding({ clause: 'intro.2', kind: 'meaning-drift', langs: ['sv', 'da'], severity: 'low' }),
          finding({
            charter: 'c1',
            clause: 'intro.3',
            kind: 'missing-clause',
            langs: ['da'],
            severity: 'medium',
          }),
        ],
        texts: texts({ nb: { 'intro.1': 'I 2006' } }),
        order: new Map([
          ['intro.1', 1],
          ['intro.2', 2],
          ['intro.3', 3],
        ]),
      },
      { reviews },
    );
  } finally {
    await stack.close();
  }
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Listed {
  id: string;
  charter: string;
  clause: string;
  langs: string[];
  kind: string;
  severity: string;
  evidence: { actual: string[]; expected: string[] };
  status: string;
}

describe('charter review', { timeout: 120_000 }, () => {
  it('lists every flag as JSON with the documented fields, severity first', async () => {
    const run = await runCli(['review', 'list', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const flags = json<Listed[]>(run);
    expect(flags.map((f) => f.id)).toEqual([NB, 'c1:intro.3:missing-clause:da', PAIR]);
    expect(Object.keys(flags[0]!).sort()).toEqual(
      ['charter', 'clause', 'evidence', 'id', 'kind', 'langs', 'severity', 'status'].sort(),
    );
    expect(flags[2]!.langs).toEqual(['da', 'sv']);
  });

  it('accepts with a note, then lists it under its status and shows its history', async () => {
    const accept = await runCli(
      ['review', 'accept', NB, '--note', 'the print says 2006', '--by', 'ann'],
      env,
    );
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toMatch(/accepted/);
    const accepted = json<Listed[]>(await runCli(['review', 'list', '--status', 'accepted', '--json'], env));
    expect(accepted.map((f) => f.id)).toEqual([NB]);
    const open = json<Listed[]>(
      await runCli(['review', 'list', '--status', 'open', '--lang', 'da', '--json'], env),
    );
    expect(open.map((f) => f.id)).toEqual(['c1:intro.3:missing-clause:da', PAIR]);
    const shown = json<{ flag: { history: Array<{ status: string; by: string; note: string }> } }>(
      await runCli(['review', 'show', NB, '--json'], env),
    );
    expect(shown.flag.history).toEqual([
      expect.objectContaining({ status: 'accepted', by: 'ann', note: 'the print says 2006' }),
    ]);
  });

  it('corrects a flag naming two languages once told which, and refuses a stale revision', async () => {
    const noLang = await runCli(['review', 'correct', PAIR, '--note', 'n', '--text', 'Fixed text'], env);
    expect(noLang.code).toBe(2);
    expect(noLang.stderr).toMatch(/which language/);
    const ok = await runCli(
      [
        'review',
        'correct',
        PAIR,
        '--note',
        'n',
        '--text',
        'Fixed text',
        '--lang',
        'sv',
        '--by',
        'bo',
        '--json',
      ],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(json<{ status: string; revision: number }>(ok)).toMatchObject({
      status: 'corrected',
      revision: 2,
    });
    const stale = await runCli(['review', 'dismiss', PAIR, '--note', 'n', '--revision', '1'], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/changed since revision 1/);
  });

  it('exits 2 on usage errors and 3 on an unknown flag', async () => {
    expect((await runCli(['review'], env)).code).toBe(2);
    expect((await runCli(['review', 'list', '--status', 'pending'], env)).code).toBe(2);
    expect((await runCli(['review', 'show', 'not-a-flag'], env)).code).toBe(2);
    expect((await runCli(['review', 'accept', 'c1:zzz:meaning-drift:sv', '--note', 'n'], env)).code).toBe(3);
  });
});
