/**
 * The quality gate as a user meets it through the charter command: a fragment ingested over a good edition is
 * held back as a candidate (exit 1, with the reasons), `edition --versions` lists it, `edition promote` makes it
 * current and `edition rollback` brings the good edition back; Swedish ingested as Danish is refused naming both.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, json, runCli, tempDataDir } from './run-cli.ts';

interface IngestJson {
  editions: Array<{ status: string; version: number | null; lang: string | null; error?: string }>;
}
interface VersionsJson {
  edition: { version: number; sourceKey: string; candidate?: { version: number; reasons: string[] } };
  versions: Array<{
    version: number;
    state: string;
    sourceKey: string;
    reasons?: string[];
    restorableUntil: string | null;
  }>;
}

interface Flag {
  id: string;
  status: string;
  evidence: { actual: string[] };
  history: Array<{ note: string }>;
}

let dataDir: string;
let files: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = tempDataDir();
  files = mkdtempSync(join(tmpdir(), 'charter-files-'));
  env = cliEnv(dataDir);
  const run = await runCli(['ingest', join(editions, 'sv.txt'), '--lang', 'sv', '--json'], env);
  expect(run.code).toBe(0);
}, 180_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('charter edition versions', { timeout: 180_000 }, () => {
  it('holds back a fragment, lists it, promotes it and rolls back', async () => {
    const fragment = join(files, 'fragment.txt');
    writeFileSync(
      fragment,
      readFileSync(join(editions, 'sv.txt'), 'utf8')
        .split(/\n\s*\n/)
        .slice(0, 5)
        .join('\n\n'),
    );
    const ingest = await runCli(['ingest', fragment, '--lang', 'sv', '--json'], env);
    expect(ingest.code).toBe(1);
    const [held] = json<IngestJson>(ingest).editions;
    expect(held).toMatchObject({ status: 'candidate', lang: 'sv' });
    expect(held!.error).toMatch(/held back as candidate v2 \(v1 stays current\)/);

    const listed = json<VersionsJson>(await runCli(['edition', 'sv', '--versions', '--json'], env));
    expect(listed.edition).toMatchObject({ version: 1, candidate: { version: 2 } });
    expect(listed.versions.map((v) => `${v.version}:${v.state}`)).toEqual(['2:candidate', '1:current']);
    expect(listed.versions[0]!.reasons?.join(' ')).toMatch(/clauses against the current version's/);

    // The candidate is in the review queue, naming the language, the version and the gate's reasons.
    const flagId = 'integrating-cities:version-2:held-back-candidate:sv';
    const queued = json<Flag[]>(
      await runCli(['review', 'list', '--kind', 'held-back-candidate', '--status', 'open', '--json'], env),
    );
    expect(queued.map((f) => f.id)).toEqual([flagId]);
    expect(queued[0]!.evidence.actual.join(' ')).toMatch(/clauses against the current version's/);

    const promote = await runCli(['edition', 'promote', 'sv', '--candidate', '2', '--json'], env);
    expect(promote.code).toBe(0);
    expect(json(promote)).toMatchObject({ action: 'promote', from: 2, version: 3 });
    // Promotion closed the flag; its history says so.
    const shown = await runCli(['review', 'show', flagId, '--json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const closed = json<{ flag: Flag }>(shown).flag;
    expect(closed.status).toBe('resolved');
    expect(closed.history.at(-1)!.note).toBe('promoted: sv version 3 is candidate version 2 made current');
    const rollback = await runCli(['edition', 'rollback', 'sv', '--json'], env);
    expect(rollback.code).toBe(0);
    expect(json(rollback)).toMatchObject({ action: 'rollback', from: 1, version: 4 });
    const after = json<VersionsJson>(await runCli(['edition', 'sv', '--versions', '--json'], env));
    expect(after.edition).toMatchObject({ version: 4, sourceKey: 'uploads/integrating-cities/sv/sv.txt' });
    expect(after.edition.candidate).toBeUndefined();
    // No candidate left to promote: exit 3.
    expect((await runCli(['edition', 'promote', 'sv'], env)).code).toBe(3);
    // The current version is kept while current; the one the rollback replaced, 30 days from then.
    const v3 = after.versions.find((v) => v.version === 3)!;
    expect(after.versions.find((v) => v.version === 4)!.restorableUntil).toBeNull();
    expect(Date.parse(v3.restorableUntil!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(Date.parse(v3.restorableUntil!) - Date.now()).toBeLessThan(30 * 86_400_000);
    const table = await runCli(['edition', 'sv', '--versions'], env);
    expect(table.stdout).toMatch(/restorable until/);
    expect(table.stdout).toMatch(/v4 \(from v1\)\s+current .*while current/);
    expect(table.stdout).toContain(`${v3.restorableUntil!.slice(0, 16).replace('T', ' ')} UTC`);

    // With a keep period of about 2 s (CHARTER_KEEP_DAYS), a replaced version is gone once it passed.
    const brief = { ...env, CHARTER_KEEP_DAYS: String(2 / 86_400) };
    expect((await runCli(['edition', 'rollback', 'sv', '--to', '3'], brief)).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await runCli(['edition', 'rollback', 'sv', '--to', '4'], brief);
    expect(expired.code).toBe(3);
    expect(expired.stderr).toMatch(/no kept version 4/);
    const left = json<VersionsJson>(await runCli(['edition', 'sv', '--versions', '--json'], env));
    expect(left.versions.map((v) => v.version)).not.toContain(4);
  });

  it("says a promoted held-back first edition is its language's first version, not current again", async () => {
    const fragment = join(files, 'da-fragment.txt');
    writeFileSync(
      fragment,
      readFileSync(join(editions, 'da.txt'), 'utf8')
        .split(/\n\s*\n/)
        .slice(0, 5)
        .join('\n\n'),
    );
    const ingest = await runCli(['ingest', fragment, '--lang', 'da', '--json'], env);
    expect(ingest.code).toBe(1);
    expect(json<IngestJson>(ingest).editions[0]!.error).toMatch(/first edition of its language/);
    const promote = await runCli(['edition', 'promote', 'da'], env);
    expect(promote.code, promote.stderr).toBe(0);
    expect(promote.stdout).toMatch(
      /integrating-cities \/ da: version 1 \(\S+da-fragment\.txt\) is now current \(the first version of da\) as version 2/,
    );
    expect(promote.stdout).not.toMatch(/current again/);
    const help = await runCli(['edition', 'promote', '--help'], env);
    expect(help.stdout).toMatch(/first\s+version also aligns again the earlier editions/);
  });

  it('refuses Swedish ingested as Danish, naming both languages', async () => {
    const run = await runCli(['ingest', join(editions, 'sv.txt'), '--lang', 'da', '--json'], env);
    expect(run.code).toBe(1);
    const [refused] = json<IngestJson>(run).editions;
    expect(refused).toMatchObject({ status: 'failed', lang: 'da' });
    expect(refused!.error).toMatch(/declared 'da' but reads as 'sv'/);
  });
});
