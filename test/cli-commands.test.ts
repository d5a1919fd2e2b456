/**
 * Every `charter` command, as a user runs it (a spawned `node cli/bin.mjs`): full --help, --version, the
 * --json error contract `{"error", "exitCode"}` and the README's exit codes.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, json, runCli, tempDataDir } from './e2e/run-cli.ts';

const COMMANDS = [
  'ingest',
  'query',
  'edition',
  'review',
  'export',
  'serve',
  'reset',
  'clean',
  'align',
  'stack',
  'warm',
  'demo',
];
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const dataDir = tempDataDir();
const env = cliEnv(dataDir);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('charter', { timeout: 120_000 }, () => {
  it('lists every command in its help, prints its version, and rejects an unknown command', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(help.stdout).toMatch(/Exit codes: 0 done, 1 failed, 2 usage error, 3 not found/);
    const bare = await runCli([], env);
    expect([bare.code, bare.stderr]).toEqual([2, expect.stringMatching(/Usage: charter <command>/)]);
    expect(await runCli(['--version'], env)).toMatchObject({ code: 0, stdout: `${version}\n` });
    const unknown = await runCli(['nope', '--json'], env);
    expect(unknown.code).toBe(2);
    expect(json(unknown)).toEqual({ error: "unknown command 'nope'", exitCode: 2 });
  });

  it.each(COMMANDS)('%s: --help, --version and a --json usage error', async (name) => {
    const help = await runCli([name, '--help'], env);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^usage: charter ${name}`, 'im'));
    // Full help: every option described, not a one-line synopsis.
    expect(help.stdout.split('\n').length).toBeGreaterThan(name === 'review' ? 6 : 5);
    expect(help.stdout).toMatch(/--json/);
    const shown = await runCli([name, '--version'], env);
    expect([shown.code, shown.stdout]).toEqual([0, `${version}\n`]);
    const bad = await runCli([name, '--no-such-option', '--json'], env);
    expect(bad.code, bad.stderr).toBe(2);
    const error = json<{ error: string; exitCode: number }>(bad);
    expect(error.exitCode).toBe(2);
    expect(error.error).toMatch(/no-such-option|unknown subcommand/);
    expect(bad.stderr).toMatch(/no-such-option/);
  });

  it('answers an unknown charter with exit 3 on every command that takes one', async () => {
    const runs: string[][] = [
      ['align', join(editions, 'sv.txt'), '--charter', 'no-such'],
      ['ingest', join(editions, 'sv.txt'), '--charter', 'no-such'],
      ['query', 'intro.1', '--charter', 'no-such'],
      ['edition', 'sv', '--charter', 'no-such'],
      ['export', '--charter', 'no-such'],
    ];
    for (const args of runs) {
      const run = await runCli([...args, '--json'], env);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(3);
      expect(json(run), args[0]).toEqual({ error: expect.stringMatching(/no-such/), exitCode: 3 });
      expect(run.stderr.trim().split('\n').at(-1)).toMatch(/no-such/);
    }
  });

  it('says which file it cannot read, not ENOENT', async () => {
    for (const name of ['align', 'clean']) {
      const run = await runCli([name, 'no/such/edition.txt', '--json'], env);
      expect(run.code).toBe(1);
      expect(json(run)).toEqual({ error: 'cannot read no/such/edition.txt: no such file', exitCode: 1 });
      expect(run.stderr).not.toMatch(/ENOENT/);
    }
  });

  it('ingest --timeout stops waiting, says the work goes on, and the edition is stored', async () => {
    const run = await runCli(
      ['ingest', join(editions, 'nb.txt'), '--lang', 'nb', '--timeout', '0.001', '--json'],
      env,
    );
    expect(run.code).toBe(1);
    const [edition] = json<{ editions: Array<{ status: string; error: string }> }>(run).editions;
    expect(edition).toMatchObject({
      status: 'timeout',
      error: expect.stringMatching(/stopped waiting after 0.001 s; the pipeline goes on/),
    });
    expect(run.stderr).toMatch(/this process finishes them before it exits/);
    const stored = await runCli(['edition', 'nb', '--json'], env);
    expect(stored.code, stored.stderr).toBe(0);
    expect(json<{ edition: { status: string } }>(stored).edition.status).toBe('aligned');
  });
});
