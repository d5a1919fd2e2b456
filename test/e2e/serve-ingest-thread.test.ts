/**
 * `charter serve` keeps answering while it ingests: the pipeline runs in a worker thread, off the event loop
 * that serves the API and the embedded S3 and DynamoDB servers. A large edition is ingested through the server
 * (`charter ingest` attached to it); from the moment the server's queue delivers it until its processed text
 * is written, the test makes GET requests one after another and counts the answers: at least 50 (675 in one
 * run here). With the pipeline on the event loop (ingestThread off) the same test counted 3, all before the
 * cleaning and alignment began: that block of CPU work lets no request through.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, editions, RunningCli, runCli, tempDataDir } from './run-cli.ts';

let dataDir: string;
let files: string;
let env: NodeJS.ProcessEnv;
let serve: RunningCli;
let url: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  files = mkdtempSync(join(tmpdir(), 'charter-files-'));
  env = cliEnv(dataDir);
  serve = new RunningCli(['serve', '--port', '0', '--json', '--quiet'], env);
  await serve.until((cli) => cli.stdout.includes('\n'), 60_000);
  url = (JSON.parse(serve.stdout.split('\n')[0]!) as { url: string }).url;
  // A first ingest through the server loads the pipeline in its thread.
  const warm = await runCli(['ingest', join(editions, 'da.txt'), '--lang', 'da', '--json'], env);
  expect(warm.code, warm.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  if (serve) {
    serve.child.kill('SIGINT');
    await serve.exit(30_000);
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

/** Paths of the files under `dir` (recursively) whose path contains `part`. */
function filesNamed(dir: string, part: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((path) => path.includes(part));
}

/** True once the server's queue has delivered a message naming `key` (its receive count is written first). */
function delivered(key: string): boolean {
  const queue = join(dataDir, 'queue');
  return readdirSync(queue)
    .filter((name) => name.endsWith('.json'))
    .some((name) => {
      try {
        const message = JSON.parse(readFileSync(join(queue, name), 'utf8')) as {
          body: string;
          receives: number;
        };
        return message.receives > 0 && message.body.includes(key);
      } catch {
        return false;
      }
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('charter serve while a large edition is ingested', { timeout: 300_000 }, () => {
  it('answers GETs from the delivery of the upload until its processed text is written', async () => {
    const sv = readFileSync(join(editions, 'sv.txt'), 'utf8');
    const big = join(files, 'large-sv.txt');
    writeFileSync(big, Array.from({ length: 6 }, () => sv).join('\n\n'));
    const ingest = new RunningCli(['ingest', big, '--lang', 'sv', '--json'], env);

    const key = 'large-sv.txt';
    while (!delivered(key)) {
      expect(filesNamed(join(dataDir, 's3'), 'large-sv.clean.txt')).toEqual([]);
      await sleep(10);
    }
    let answered = 0;
    const statuses = new Set<number>();
    while (filesNamed(join(dataDir, 's3'), 'large-sv.clean.txt').length === 0) {
      const response = await fetch(`${url}/charters/integrating-cities/editions`);
      await response.arrayBuffer();
      statuses.add(response.status);
      answered++;
    }
    expect([...statuses]).toEqual([200]);
    expect(answered).toBeGreaterThanOrEqual(50);

    // The ingest itself went through: the large edition is the Swedish edition now.
    const run = await ingest.exit(240_000);
    expect(run.code, run.stderr).toBe(0);
    const listed = await (await fetch(`${url}/charters/integrating-cities/editions`)).json();
    expect(JSON.stringify(listed)).toContain('large-sv.txt');
  });
});
