/**
 * Killing the CLI in the middle of an ingest: the next start finds the message still in flight in the
 * persisted queue, delivers it again, and every edition ends whole (one version, all its clauses).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stackConfig } from '../../cli/config.ts';
import { openStack } from '../../cli/stack.ts';
import { cliEnv, editions, json, RunningCli, runCli, tempDataDir } from './run-cli.ts';

const LANGS = ['da', 'nb', 'sv'];
const dataDir = tempDataDir();
const env = cliEnv(dataDir);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Messages in the persisted queue, with their receive counts. */
function queued(): Array<{ receives: number }> {
  const dir = join(dataDir, 'queue');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as { receives: number }];
      } catch {
        return [];
      }
    });
}

describe('SIGKILL in the middle of an ingest', { timeout: 300_000 }, () => {
  it('leaves no half edition and the next start finishes the work', async () => {
    const ingest = new RunningCli(['ingest', ...LANGS.map((l) => join(editions, `${l}.txt`)), '--json'], env);
    // One edition is done and the next one is being processed (its receive is recorded before delivery).
    await ingest.until(
      (cli) => /\[1\/3\]/.test(cli.stderr) && queued().some((m) => m.receives >= 1),
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    ingest.child.kill('SIGKILL');
    const killed = await ingest.exit();
    expect(killed.signal).toBe('SIGKILL');
    const inFlight = queued();
    expect(inFlight.length).toBeGreaterThan(0);
    expect(existsSync(join(dataDir, 'stack.lock'))).toBe(true);

    // What a reader sees right after the kill, before anything is redelivered: whole editions only.
    const frozen = await openStack(stackConfig(env), { command: 'test', readOnly: true });
    try {
      expect(frozen.queue).toBeNull();
      for (const edition of await frozen.editions.listEditions('integrating-cities')) {
        if (edition.version === 0) continue;
        const clauses = await frozen.editions.listEditionClauses('integrating-cities', edition.lang);
        expect(clauses).toHaveLength(edition.clauseCount);
        expect(new Set(clauses.map((c) => c.version))).toEqual(new Set([edition.version]));
      }
    } finally {
      await frozen.close();
    }
    expect(queued()).toHaveLength(inFlight.length);

    // The next command takes over the stale lock, redelivers what was in flight and waits for it.
    const first = await runCli(['edition', 'sv', '--json'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/finishing \d+ upload\(s\) left by an earlier run/);
    expect(queued()).toEqual([]);
    expect(readdirSync(join(dataDir, 'queue', 'dead'))).toEqual([]);

    const clause = json<{ languages: Record<string, { version: number }> }>(
      await runCli(['query', 'policy-makers.2', '--json'], env),
    );
    expect(Object.keys(clause.languages).sort()).toEqual(LANGS);
    for (const lang of LANGS) {
      const run = await runCli(['edition', lang, '--json'], env);
      expect(run.code).toBe(0);
      const edition = json<{
        edition: { status: string; version: number; clauseCount: number };
        clauses: unknown[];
      }>(run);
      expect(edition.edition.status).toBe('aligned');
      expect(edition.clauses).toHaveLength(edition.edition.clauseCount);
      expect(clause.languages[lang]!.version).toBe(edition.edition.version);
    }

    // Nothing is left to do: the same uploads are all unchanged.
    const again = json<{ editions: Array<{ status: string }> }>(
      await runCli(['ingest', ...LANGS.map((l) => join(editions, `${l}.txt`)), '--json'], env),
    );
    expect(again.editions.map((e) => e.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });
});
