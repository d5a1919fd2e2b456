/**
 * A cold ingest through the bundled ingest handler, as a new Lambda container runs it: the handler bundled as
 * CDK bundles it (infra/bundling.ts) with its runtime files beside it, imported by a fresh `node` process with
 * empty caches (a new TMPDIR; CHARTER_ROOT at the bundle, so the repository's caches are out of reach), which
 * then ingests one corpus edition delivered as an SQS message, against the embedded S3 and DynamoDB servers
 * running in this (parent) process, so their CPU is not counted.
 * Run: `npx tsx bench/perf/cold.ts [--json] [--runs N] [--lang nb]`.
 *
 * Figures of the child process: CPU (user + system) at the end of Node's own start (bare), after importing
 * the bundle (module init), and after the first invocation; peak RSS (getrusage maxrss). A bare `node -e 0`
 * is measured the same way, as the baseline.
 *
 * Experiment switches: CHARTER_COLD_PROFILE_DIR (a CPU profile of each child, readable names),
 * CHARTER_COLD_NODE_FLAGS (Node or V8 flags for the child, space separated), CHARTER_COLD_STDOUT (the child's
 * output written to this file), CHARTER_COLD_KEEP_BUNDLE (the bundle folder kept, to map a profile's lines).
 */
import { execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as esbuild from 'esbuild';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { handlerBuildOptions, RUNTIME_FILES, repoRoot } from '../../infra/bundling.ts';
import { compileResources } from '../../functions/adapters/resources/index.ts';
import { ingestLambdaEnv } from '../../test/fixtures/lambda-env.ts';

/** One cold start's figures (ms of CPU, MB of RSS). */
export interface ColdFigure {
  lang: string;
  /** CPU of Node's own start in the child, before the bundle is imported. */
  bootMs: number;
  /** CPU of importing the bundle (module init). */
  initMs: number;
  /** CPU of the first invocation (one edition ingested, caches empty). */
  invokeMs: number;
  /** Whole process CPU, start to the end of the first invocation. */
  totalMs: number;
  peakRssMb: number;
  status: string;
}

/** Bare `node -e 0`: CPU and peak RSS of a process that does nothing. */
export interface BareNode {
  cpuMs: number;
  peakRssMb: number;
}

/** Bundles the ingest handler into a new folder with its runtime files, as the CDK asset holds them. */
export async function buildIngestBundle(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'charter-ingest-bundle-'));
  await esbuild.build({
    ...handlerBuildOptions('ingest'),
    outfile: path.join(dir, 'index.mjs'),
    sourcemap: false,
    // Readable names in a CPU profile (and a banner whose name no bundled module declares).
    ...(process.env.CHARTER_COLD_PROFILE_DIR
      ? {
          minify: false,
          banner: {
            js: "import { createRequire as charterCreateRequire } from 'module'; const require = charterCreateRequire(import.meta.url);",
          },
        }
      : {}),
  });
  for (const file of RUNTIME_FILES.ingest) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(dir, file), { recursive: true });
  }
  await compileResources(dir);
  // The Lambda runtime provides the AWS SDK (external to the bundle); here it comes from the repository.
  symlinkSync(path.join(repoRoot, 'node_modules/@aws-sdk'), path.join(dir, 'node_modules/@aws-sdk'));
  return dir;
}

const CHILD = `
const boot = process.cpuUsage();
const ms = (u) => (u.user + u.system) / 1000;
const { handler } = await import(process.env.BUNDLE_URL);
const init = process.cpuUsage();
const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: process.env.BUCKET_NAME }, object: { key: process.env.UPLOAD_KEY } } }] });
const event = { Records: [{ messageId: 'm1', receiptHandle: 'r1', body, attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, eventSource: 'aws:sqs' }] };
const response = await handler(event, { functionName: 'ingest', awsRequestId: 'cold-1' });
const done = process.cpuUsage();
console.log(JSON.stringify({ boot: ms(boot), init: ms(init) - ms(boot), invoke: ms(done) - ms(init), total: ms(done), rss: process.resourceUsage().maxRSS / 1024, failures: response.batchItemFailures.length }));
`;

/** CPU and peak RSS of `node -e 0`, the median of `runs`. */
export function bareNode(runs = 5): BareNode {
  const results = Array.from({ length: runs }, () => {
    const out = execFileSync(process.execPath, [
      '-e',
      'const u = process.cpuUsage(); console.log(JSON.stringify({ cpu: (u.user + u.system) / 1000, rss: process.resourceUsage().maxRSS / 1024 }))',
    ]);
    return JSON.parse(String(out)) as { cpu: number; rss: number };
  });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { cpuMs: median(results.map((r) => r.cpu)), peakRssMb: median(results.map((r) => r.rss)) };
}

/** Runs a process to its end, collecting its output. */
function runProcess(
  command: string,
  args: string[],
  options: SpawnOptions,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs one cold ingest of the corpus edition `lang` through the bundle in `bundleDir`. */
export async function coldIngest(
  stack: LocalStack,
  bundleDir: string,
  lang: string,
  run: number,
): Promise<ColdFigure> {
  const key = `uploads/integrating-cities/${lang}/cold-${run}-${Date.now()}.txt`;
  // Each run a different upload (trailing blank lines): an identical one would be skipped as unchanged.
  const source = readFileSync(
    path.join(repoRoot, `corpus/charters/integrating-cities/editions/${lang}.txt`),
    'utf8',
  );
  const edition = `${source}${'\n'.repeat(run + 1)}`;
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: edition }));
  const emptyTmp = mkdtempSync(path.join(tmpdir(), 'charter-cold-tmp-'));
  // A Lambda package is read only: nothing an earlier run cached beside the bundle may help this one.
  rmSync(path.join(bundleDir, 'node_modules/.cache'), { recursive: true, force: true });
  // Asynchronous: the embedded servers answering the child run in this process's event loop.
  const profile = process.env.CHARTER_COLD_PROFILE_DIR;
  const flags = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    // Node or V8 flags of an experiment (e.g. `--always-sparkplug`), split on spaces.
    ...(process.env.CHARTER_COLD_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  const result = await runProcess(process.execPath, [...flags, '--input-type=module', '-e', CHILD], {
    cwd: bundleDir,
    env: {
      PATH: process.env.PATH,
      TMPDIR: emptyTmp,
      BUNDLE_URL: `file://${bundleDir}/index.mjs`,
      UPLOAD_KEY: key,
      ...ingestLambdaEnv(stack, bundleDir),
      POWERTOOLS_SERVICE_NAME: 'charter-ingest',
    },
  });
  rmSync(emptyTmp, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`cold ingest failed: ${result.stderr}`);
  if (process.env.CHARTER_COLD_STDOUT)
    writeFileSync(process.env.CHARTER_COLD_STDOUT, result.stdout + result.stderr);
  const lines = result.stdout.trim().split('\n');
  const line = [...lines].reverse().find((l) => l.startsWith('{"boot"'))!;
  const r = JSON.parse(line) as Record<string, number>;
  return {
    lang,
    bootMs: r.boot!,
    initMs: r.init!,
    invokeMs: r.invoke!,
    totalMs: r.total!,
    peakRssMb: r.rss!,
    status: r.failures === 0 ? 'aligned' : 'failed',
  };
}

/** Builds the bundle, starts the local stack and measures `runs` cold ingests of each language. */
export async function measureCold(
  langs: string[],
  runs: number,
): Promise<{ bare: BareNode; cold: ColdFigure[] }> {
  const bundleDir = await buildIngestBundle();
  const stack = await startLocalStack();
  try {
    const bare = bareNode();
    const cold: ColdFigure[] = [];
    for (const lang of langs)
      for (let run = 0; run < runs; run++) cold.push(await coldIngest(stack, bundleDir, lang, run));
    return { bare, cold };
  } finally {
    await stack.close();
    if (!process.env.CHARTER_COLD_KEEP_BUNDLE) rmSync(bundleDir, { recursive: true, force: true });
    else console.error(`bundle kept: ${bundleDir}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const langs = (arg('--lang') ?? 'nb').split(',');
  const { bare, cold } = await measureCold(langs, Number(arg('--runs') ?? 3));
  if (process.argv.includes('--json')) console.log(JSON.stringify({ bare, cold }, null, 2));
  else {
    console.log(`bare node -e 0: ${bare.cpuMs.toFixed(0)} ms CPU, ${bare.peakRssMb.toFixed(0)} MB`);
    console.log('| edition | boot ms | init ms | invoke ms | total ms | peak RSS MB | status |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const c of cold)
      console.log(
        `| ${c.lang} | ${c.bootMs.toFixed(0)} | ${c.initMs.toFixed(0)} | ${c.invokeMs.toFixed(0)} | ${c.totalMs.toFixed(0)} | ${c.peakRssMb.toFixed(0)} | ${c.status} |`,
      );
  }
}
