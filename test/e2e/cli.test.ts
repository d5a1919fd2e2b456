/**
 * The charter command as a user drives it: spawned processes, the embedded S3 and DynamoDB servers on free
 * loopback ports, a temporary data folder kept between commands.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, json, RunningCli, root, runCli, tempDataDir } from './run-cli.ts';

const LANGS = ['da', 'nb', 'sv'];
const structure = JSON.parse(
  readFileSync(join(root, 'corpus/charters/integrating-cities/structure.json'), 'utf8'),
) as { clauses: Array<{ id: string }> };
const canonical = structure.clauses.map((c) => c.id);

interface IngestJson {
  charter: string;
  editions: Array<{
    file: string;
    key: string | null;
    lang: string | null;
    status: string;
    version: number | null;
    clauses: number;
    meanConfidence: number | null;
    flags?: number;
    ms: number;
    error?: string;
  }>;
}
interface EditionJson {
  charter: string;
  lang: string;
  edition: { version: number; status: string; clauseCount: number; meanQuality: number | null };
  clauses: Array<{ id: string; order: number; text: string; confidence: number; quality: number | null }>;
  missing: string[];
}
interface QueryJson {
  charter: string;
  clauseId: string;
  languages: Record<string, { text: string; confidence: number; quality: number | null; version: number }>;
}

let dataDir: string;
let env: NodeJS.ProcessEnv;
let firstIngest: IngestJson;
let firstIngestCode: number | null;
/** Open flags per language as the latest ingest printed them (each ingest refreshes the flags). */
const latestFlags = new Map<string, number>();

beforeAll(async () => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
  // No --lang: the pipeline detects each edition's language.
  const run = await runCli(['ingest', ...LANGS.map((l) => join(editions, `${l}.txt`)), '--json'], env);
  firstIngestCode = run.code;
  firstIngest = json<IngestJson>(run);
}, 180_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('charter ingest', { timeout: 300_000 }, () => {
  it('uploads, waits for the pipeline and reports each edition aligned', () => {
    expect(firstIngestCode).toBe(0);
    expect(firstIngest.charter).toBe('integrating-cities');
    expect(firstIngest.editions.map((e) => e.lang)).toEqual(LANGS);
    for (const edition of firstIngest.editions) {
      expect(edition.status).toBe('aligned');
      expect(edition.key).toBe(`uploads/integrating-cities/auto/${edition.lang}.txt`);
      expect(edition.version).toBeGreaterThanOrEqual(1);
      expect(edition.clauses).toBeGreaterThan(canonical.length * 0.8);
      expect(edition.clauses).toBeLessThanOrEqual(canonical.length);
      expect(edition.meanConfidence).toBeGreaterThan(0.5);
      expect(edition.meanConfidence).toBeLessThanOrEqual(1);
      expect(edition.ms).toBeGreaterThan(0);
      // The review store exists: open flags are counted per language.
      expect(edition.flags).toBeGreaterThanOrEqual(0);
    }
  });

  it('finds the same files unchanged the second time, in a table with progress on stderr', async () => {
    // A folder stands for its .txt files.
    const run = await runCli(['ingest', editions], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual([
      'file',
      'lang',
      'status',
      'clauses',
      'confidence',
      'flags',
      'time',
    ]);
    for (const lang of LANGS) {
      const row = lines.find((l) => l.startsWith(`${lang}.txt`));
      expect(row).toMatch(
        new RegExp(
          `^${lang}\\.txt\\s+${lang}\\s+unchanged\\s+\\d+/${canonical.length}\\s+[01]\\.\\d{3}\\s+\\d+\\s+\\d+\\.\\d s$`,
        ),
      );
      latestFlags.set(lang, Number(row!.split(/\s+/)[5]));
    }
    expect(run.stderr).toMatch(/\[3\/3\] \w+\.txt: \w+ unchanged/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('rejects a binary file before uploading it, with exit code 1', async () => {
    const file = join(dataDir, 'scan.txt');
    writeFileSync(
      file,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]),
    );
    const run = await runCli(['ingest', file, '--lang', 'sv', '--json'], env);
    expect(run.code).toBe(1);
    const [edition] = json<IngestJson>(run).editions;
    expect(edition!.status).toBe('rejected');
    expect(edition!.key).toBeNull();
    expect(edition!.error).toMatch(/not a text file/);
    // The Swedish edition stored before is untouched.
    const sv = json<EditionJson>(await runCli(['edition', 'sv', '--json'], env));
    expect(sv.edition.status).toBe('aligned');
  });

  it('treats a missing argument, an unknown option or a bad language as usage errors (exit 2)', async () => {
    expect((await runCli(['ingest'], env)).code).toBe(2);
    expect((await runCli(['ingest', join(editions, 'sv.txt'), '--colour'], env)).code).toBe(2);
    const badLang = await runCli(['ingest', join(editions, 'sv.txt'), '--lang', 'Swedish'], env);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toMatch(/not a language code/);
  });

  it('says which charters exist for an unknown charter (exit 3)', async () => {
    const run = await runCli(['ingest', join(editions, 'sv.txt'), '--charter', 'no-such-charter'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/integrating-cities/);
  });
});

describe('charter query', { timeout: 300_000 }, () => {
  it('prints one clause in Swedish, Norwegian and Danish as JSON', async () => {
    const run = await runCli(['query', 'policy-makers.2', '--json'], env);
    expect(run.code).toBe(0);
    const clause = json<QueryJson>(run);
    expect(clause.clauseId).toBe('policy-makers.2');
    expect(Object.keys(clause.languages).sort()).toEqual(LANGS);
    const texts = Object.values(clause.languages).map((l) => l.text);
    for (const text of texts) expect(text.length).toBeGreaterThan(10);
    expect(new Set(texts).size).toBe(3);
  });

  it('gives each language its text quality beside the confidence: a lexicon-rated share, not a copy of it', async () => {
    const clause = json<QueryJson>(await runCli(['query', 'policy-makers.2', '--json'], env));
    for (const lang of LANGS) {
      const { quality } = clause.languages[lang]!;
      expect(typeof quality).toBe('number');
      expect(quality).toBeGreaterThan(0.8);
      expect(quality).toBeLessThanOrEqual(1);
    }
    // The edition's clauses carry the same figure, and the edition their mean.
    const sv = json<EditionJson>(await runCli(['edition', 'sv', '--json'], env));
    expect(sv.clauses.find((c) => c.id === 'policy-makers.2')?.quality).toBe(clause.languages.sv!.quality);
    const rated = sv.clauses.map((c) => c.quality!);
    const mean = rated.reduce((a, b) => a + b, 0) / rated.length;
    expect(sv.edition.meanQuality).toBeCloseTo(mean, 2);
  });

  it('agrees with the edition command on the clause text', async () => {
    const clause = json<QueryJson>(await runCli(['query', 'policy-makers.2', '--json'], env));
    const nb = json<EditionJson>(await runCli(['edition', 'nb', '--json'], env));
    expect(nb.clauses.find((c) => c.id === 'policy-makers.2')?.text).toBe(clause.languages.nb!.text);
  });

  it('prints one line per language without --json, and one language with --lang', async () => {
    const all = await runCli(['query', 'policy-makers.2'], env);
    expect(all.code).toBe(0);
    for (const lang of LANGS)
      expect(all.stdout).toMatch(new RegExp(`^${lang}\\s+[01]\\.\\d{3}\\s+q[01]\\.\\d{2}\\s+\\S`, 'm'));
    const one = json<QueryJson>(await runCli(['query', 'policy-makers.2', '--lang', 'nb', '--json'], env));
    expect(Object.keys(one.languages)).toEqual(['nb']);
  });

  it('exits 3 for an unknown clause, suggesting a near id, with a JSON error under --json', async () => {
    const typo = await runCli(['query', 'policy-maker.2'], env);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toMatch(/did you mean policy-makers\.2/);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runCli(['query', 'no.such.clause', '--json'], env);
    expect(unknown.code).toBe(3);
    expect(json(unknown)).toMatchObject({ exitCode: 3, error: expect.stringMatching(/no\.such\.clause/) });
  });

  it('lists the open review flags on the clause, only those of --lang with it', async () => {
    type Flagged = QueryJson & { flags: Array<{ id: string; kind: string; langs: string[] }> };
    const all = json<Flagged>(await runCli(['query', 'colophon.funding', '--json'], env));
    expect(Array.isArray(all.flags)).toBe(true);
    for (const flag of all.flags) expect(flag.id).toContain(':colophon.funding:');
    const nb = json<Flagged>(await runCli(['query', 'colophon.funding', '--lang', 'nb', '--json'], env));
    expect(nb.flags).toEqual(all.flags.filter((f) => f.langs.includes('nb')));
  });

  it('exits 3 for a language with no stored text', async () => {
    const run = await runCli(['query', 'policy-makers.2', '--lang', 'fi'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/da, nb, sv/);
  });
});

describe('charter edition', { timeout: 300_000 }, () => {
  it('lists the clauses in canonical order, with the ones the edition lacks', async () => {
    for (const lang of LANGS) {
      const run = await runCli(['edition', lang, '--json'], env);
      expect(run.code).toBe(0);
      const edition = json<EditionJson>(run);
      expect(edition.lang).toBe(lang);
      const ids = edition.clauses.map((c) => c.id);
      const positions = ids.map((id) => canonical.indexOf(id));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect([...ids, ...edition.missing].sort()).toEqual([...canonical].sort());
      expect(edition.clauses).toHaveLength(edition.edition.clauseCount);
    }
  });

  it('exits 3 for an edition that is not stored', async () => {
    const run = await runCli(['edition', 'fi'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no fi edition/);
  });
});

describe('charter export', { timeout: 300_000 }, () => {
  it('writes the aligned clauses in every language, as CSV on stdout or JSON to a file', async () => {
    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    for (const lang of LANGS) expect(header!.split(',')).toContain(lang);
    expect(rows.length).toBeGreaterThanOrEqual(canonical.length);

    const out = join(dataDir, 'export.json');
    const run = await runCli(['export', '--out', out, '--json'], env);
    expect(run.code).toBe(0);
    expect(json(run)).toMatchObject({
      charter: 'integrating-cities',
      format: 'json',
      file: out,
      bytes: readFileSync(out).length,
    });
    expect(() => JSON.parse(readFileSync(out, 'utf8'))).not.toThrow();
  });

  it('exits 2 for an unknown format and 3 for a charter with nothing aligned', async () => {
    expect((await runCli(['export', '--format', 'xml'], env)).code).toBe(2);
    expect((await runCli(['export', '--charter', 'nothing-here'], env)).code).toBe(3);
  });
});

describe('charter serve', { timeout: 300_000 }, () => {
  it('serves the api handler over HTTP while other commands share its servers', async () => {
    const serve = new RunningCli(['serve', '--port', '0', '--json'], env);
    try {
      await serve.until((cli) => cli.stdout.includes('\n'));
      const { url, tokenFile } = JSON.parse(serve.stdout.split('\n')[0]!) as {
        url: string;
        tokenFile: string;
      };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The local user's token, kept in the data folder for API clients; the review queue needs it.
      const authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`;
      const queuePath = `${url}/reviews?status=open&charter=integrating-cities&limit=200`;
      expect((await fetch(queuePath)).status).toBe(401);

      const clause = await fetch(`${url}/charters/integrating-cities/clauses/policy-makers.2`);
      expect(clause.status).toBe(200);
      const body = (await clause.json()) as QueryJson;
      expect(Object.keys(body.languages).sort()).toEqual(LANGS);

      // The flag counts the last ingest printed are those of the review queue: open flags naming the language.
      const queue = await fetch(queuePath, { headers: { authorization } });
      expect(queue.status).toBe(200);
      const { flags } = (await queue.json()) as { flags: Array<{ langs: string[] }> };
      expect(latestFlags.size).toBe(LANGS.length);
      for (const [lang, count] of latestFlags) {
        expect(flags.filter((f) => f.langs.includes(lang))).toHaveLength(count);
      }

      const missing = await fetch(`${url}/charters/integrating-cities/clauses/no.such.clause`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: string }).error).toBeTruthy();

      // A POST reaches the handler with its body: a decision on a flag that does not exist is refused.
      const post = await fetch(`${url}/reviews/integrating-cities:title:number-mismatch:sv`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ decision: 'accept', note: 'checked', by: 'e2e' }),
      });
      expect(post.status).toBe(404);

      // The data folder is in use: another command uses the running servers instead of failing.
      const query = await runCli(['query', 'policy-makers.2', '--json'], env);
      expect(query.code).toBe(0);
      expect(json<QueryJson>(query).languages.sv!.text).toBe(body.languages.sv!.text);
      // It read through the server's API (logged below); opening the store itself gives the same answer.
      const direct = await runCli(['query', 'policy-makers.2', '--json'], {
        ...env,
        CHARTER_NO_SERVER_READ: '1',
      });
      expect(direct.code).toBe(0);
      expect(json<QueryJson>(query)).toEqual(json<QueryJson>(direct));
      // An ingest from that second process is processed by the server's pipeline and waited for.
      const revised = join(dataDir, 'da-revised.txt');
      writeFileSync(revised, `${readFileSync(join(editions, 'da.txt'), 'utf8')}\n`);
      const ingest = await runCli(['ingest', revised, '--lang', 'da', '--json'], env);
      expect(ingest.code).toBe(0);
      const [da] = json<IngestJson>(ingest).editions;
      expect(da).toMatchObject({
        lang: 'da',
        status: 'aligned',
        key: 'uploads/integrating-cities/da/da-revised.txt',
      });
      expect(da!.version).toBeGreaterThan(firstIngest.editions.find((e) => e.lang === 'da')!.version!);
      expect(ingest.stderr).toMatch(/embedded stack of process \d+ \(serve\)/);
      // ... but reset refuses to pull the data from under it.
      const reset = await runCli(['reset', '--yes'], env);
      expect(reset.code).toBe(4);
      expect(reset.stderr).toMatch(/stop it first/);
    } finally {
      serve.child.kill('SIGINT');
    }
    const end = await serve.exit();
    expect(end.code).toBe(0);
    // The test's own read and the first `charter query`; the second query opened the store.
    expect(
      serve.stderr.match(/GET \/charters\/integrating-cities\/clauses\/policy-makers\.2 -> 200/g),
    ).toHaveLength(2);
    expect(existsSync(join(dataDir, 'stack.lock'))).toBe(false);
  });

  it('says so when the port is taken', async () => {
    const serve = new RunningCli(['serve', '--port', '0', '--json'], env);
    try {
      await serve.until((cli) => cli.stdout.includes('\n'));
      const { url } = JSON.parse(serve.stdout.split('\n')[0]!) as { url: string };
      const port = new URL(url).port;
      const other = await runCli(['serve', '--port', port], cliEnv(tempDataDir()));
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(new RegExp(`port ${port} .*in use`));
    } finally {
      serve.child.kill('SIGINT');
      await serve.exit();
    }
  });
});

describe('charter reset', { timeout: 300_000 }, () => {
  it('asks first, keeps the data on no, deletes it on --yes', async () => {
    const declined = await runCli(['reset'], env, 'n\n');
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Delete all local charter data/);
    expect((await runCli(['edition', 'sv', '--json'], env)).code).toBe(0);

    const reset = await runCli(['reset', '--yes', '--json'], env);
    expect(reset.code).toBe(0);
    expect(json(reset)).toEqual({ dataDir, deleted: true });
    const after = await runCli(['edition', 'sv'], env);
    expect(after.code).toBe(3);
  });
});
