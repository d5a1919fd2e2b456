/**
 * The read path on the local stack: the API's clause read under load (autocannon) and `charter query` per call.
 * Run: `npx tsx bench/perf/read-path.ts [--json] [--duration S] [--connections N] [--queries N]`.
 *
 * A fresh data folder gets the three corpus editions (`charter ingest`); then `charter serve` runs in a child
 * process (the embedded stack: the API, S3 and DynamoDB servers in that one process) and autocannon, in this
 * process, reads `GET /charters/integrating-cities/clauses/policy-makers.2` over loopback, after a warm-up.
 * The server's CPU per request is its process CPU (/proc/<pid>/stat) over the measured load divided by the
 * requests answered. `charter query` then runs `queries` times against the running server (it attaches to the
 * server's stack), each a new process: wall time and CPU (this process's reaped-children CPU before and after,
 * /proc/self/stat), the bundled CLI (cli/bin.mjs, as `npx charter` runs it, npx's own start left out).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLAUSE_PATH = '/charters/integrating-cities/clauses/policy-makers.2';
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** The read path's figures. */
export interface ReadPathFigure {
  api: {
    connections: number;
    durationS: number;
    requests: number;
    requestsPerSecond: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    errors: number;
    non2xx: number;
    /** Server process CPU per request answered (API, gateway, S3 and DynamoDB servers together). */
    serverCpuMsPerRequest: number;
  };
  query: { calls: number; wallMedianMs: number; wallMinMs: number; cpuMedianMs: number; cpuMinMs: number };
}

/** utime + stime (ms) of a process from /proc: `self` children fields when `children` is set. */
function procCpuMs(pid: number | 'self', children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = children ? 13 : 11; // utime is field 14 (index 11 here), cutime field 16
  return ((Number(fields[at]) + Number(fields[at + 1])) * 1000) / TICKS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(root, 'cli/bin.mjs'), ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
}

/** Starts `charter serve` on a free port; resolves with the child and the API's URL. */
function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'cli/bin.mjs'), 'serve', '--port', '0', '--json', '--quiet'],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => {
      err += chunk;
    });
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`charter serve exited (${code}): ${err}`)));
  });
}

/** Ingests the corpus editions into a new data folder, serves it, loads the clause read, times `charter query`. */
export async function measureReadPath(
  options: { durationS?: number; connections?: number; queries?: number } = {},
): Promise<ReadPathFigure> {
  const { durationS = 10, connections = 10, queries = 7 } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'charter-read-path-'));
  const env = {
    ...process.env,
    CHARTER_DATA_DIR: dataDir,
    // Any free ports for the embedded servers.
    CHARTER_S3_PORT: '0',
    CHARTER_DYNAMODB_PORT: '0',
    NO_COLOR: '1',
  };
  try {
    const editions = ['sv', 'nb', 'da'].map((l) =>
      path.join(root, `corpus/charters/integrating-cities/editions/${l}.txt`),
    );
    const ingest = cli(['ingest', ...editions, '--json'], env);
    if (ingest.status !== 0) throw new Error(`charter ingest failed: ${ingest.stderr}`);
    const { child, url } = await serve(env);
    try {
      const target = `${url}${CLAUSE_PATH}`;
      const probe = await fetch(target);
      const body = (await probe.json()) as { languages?: Record<string, unknown> };
      if (probe.status !== 200 || Object.keys(body.languages ?? {}).length !== 3)
        throw new Error(`the clause read answered ${probe.status}: ${JSON.stringify(body).slice(0, 200)}`);
      await autocannon({ url: target, connections, duration: 3 });
      const before = procCpuMs(child.pid!);
      const result = await autocannon({ url: target, connections, duration: durationS });
      const serverMs = procCpuMs(child.pid!) - before;
      const answered = result.requests.total;
      const calls: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < queries; i++) {
        const cpuBefore = procCpuMs('self', true);
        const start = performance.now();
        const run = cli(['query', 'policy-makers.2', '--json'], env);
        const wall = performance.now() - start;
        if (run.status !== 0) throw new Error(`charter query failed: ${run.stderr}`);
        calls.push({ wall, cpu: procCpuMs('self', true) - cpuBefore });
      }
      // The first call may build the CLI bundle (fast-start.mjs): left out.
      const timed = calls.slice(1);
      return {
        api: {
          connections,
          durationS,
          requests: answered,
          requestsPerSecond: result.requests.average,
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
          serverCpuMsPerRequest: answered > 0 ? serverMs / answered : Number.NaN,
        },
        query: {
          calls: timed.length,
          wallMedianMs: median(timed.map((c) => c.wall)),
          wallMinMs: Math.min(...timed.map((c) => c.wall)),
          cpuMedianMs: median(timed.map((c) => c.cpu)),
          cpuMinMs: Math.min(...timed.map((c) => c.cpu)),
        },
      };
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('close', resolve));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const figure = await measureReadPath({
    durationS: arg('--duration'),
    connections: arg('--connections'),
    queries: arg('--queries'),
  });
  console.log(JSON.stringify(figure, null, 2));
}
