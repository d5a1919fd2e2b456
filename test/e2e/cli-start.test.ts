/**
 * `npm start` (`charter demo`) as a user runs it: the corpus editions through the embedded pipeline, the
 * summary table, then the API and review page until Ctrl-C; with CI=true it stops after the summary.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, json, RunningCli, root, runCli, tempDataDir } from './run-cli.ts';

const dataDir = tempDataDir();
const env = cliEnv(dataDir);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const charterDir = join(root, 'corpus/charters/integrating-cities');
const clauseIds = (
  JSON.parse(readFileSync(join(charterDir, 'structure.json'), 'utf8')) as { clauses: Array<{ id: string }> }
).clauses.map((c) => c.id);
const langs = readdirSync(join(charterDir, 'editions'))
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.replace(/\.txt$/, ''))
  .sort();

interface DemoJson {
  charter: string;
  editions: Array<{ lang: string; status: string; clauses: number; flags?: number }>;
  clauses: Array<{ id: string; languages: Record<string, { confidence: number | null; flags?: number }> }>;
}

describe('npm start', { timeout: 300_000 }, () => {
  it('with CI=true: ingests every corpus edition, prints the clauses x languages table and exits', async () => {
    const run = await runCli(['demo'], { ...env, CI: 'true' });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => /^clause\s/.test(l));
    expect(lines[header]!.split(/\s+/)).toEqual(['clause', ...langs]);
    const rows = lines.slice(header + 1, header + 1 + clauseIds.length);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(clauseIds);
    for (const row of rows) {
      // Each cell: a confidence with two decimals, or -- where the edition lacks the clause.
      expect(row.split(/\s+/).slice(1).join(' ')).toMatch(/^((?:[01]\.\d\d|--)(?: \[\d+\])?\s*){3}$/);
    }
    expect(run.stdout).toMatch(new RegExp(`^aligned(\\s+\\d+/${clauseIds.length}){${langs.length}}$`, 'm'));
    expect(run.stdout).toMatch(/^3 of 3 editions aligned in \d+\.\d s$/m);
    expect(run.stdout).not.toMatch(/API and review page/);
    expect(run.stderr).toMatch(/\[3\/3\]/);
  });

  it('a second run finds the editions unchanged; --json gives the same table as data', async () => {
    const run = await runCli(['demo', '--once', '--json'], env);
    expect(run.code).toBe(0);
    const summary = json<DemoJson>(run);
    expect(summary.editions.map((e) => e.lang).sort()).toEqual(langs);
    expect(summary.editions.every((e) => e.status === 'unchanged')).toBe(true);
    expect(summary.clauses.map((c) => c.id)).toEqual(clauseIds);
    for (const edition of summary.editions) {
      const cells = summary.clauses.map((c) => c.languages[edition.lang]!);
      expect(cells.filter((cell) => cell.confidence !== null)).toHaveLength(edition.clauses);
      // Flag counts per clause add up to the edition's, except flags on text that matched no clause.
      const perClause = cells.reduce((sum, cell) => sum + (cell.flags ?? 0), 0);
      expect(perClause).toBeLessThanOrEqual(edition.flags!);
    }
  });

  it('without --once: serves the API and the review page until Ctrl-C', async () => {
    const start = new RunningCli(['demo', '--port', '0'], env);
    let url = '';
    try {
      await start.until((cli) => /API and review page on (http:\/\/\S+)/.test(cli.stdout), 120_000);
      url = /API and review page on (http:\/\/\S+)/.exec(start.stdout)![1]!;
      const clause = await fetch(`${url}/charters/integrating-cities/clauses/policy-makers.2`);
      expect(clause.status).toBe(200);
      const page = await fetch(`${url}/review`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      // Review data needs the local user's token, which the run prints the place of.
      expect((await fetch(`${url}/reviews?status=open`)).status).toBe(401);
      const tokenFile = /token\s+(\S+) \(Authorization: Bearer/.exec(start.stdout)![1]!;
      const authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`;
      expect((await fetch(`${url}/reviews?status=open`, { headers: { authorization } })).status).toBe(200);
      // `charter query` meanwhile reads the clause through this server (logged below).
      const query = await runCli(['query', 'policy-makers.2', '--json'], env);
      expect(query.code).toBe(0);
      expect(Object.keys(json<{ languages: Record<string, unknown> }>(query).languages).sort()).toEqual(
        langs,
      );
    } finally {
      start.child.kill('SIGINT');
    }
    const end = await start.exit();
    expect(end.code).toBe(0);
    expect(
      start.stderr.match(/GET \/charters\/integrating-cities\/clauses\/policy-makers\.2 -> 200/g),
    ).toHaveLength(2);
    await expect(fetch(url)).rejects.toThrow();
  });
});
