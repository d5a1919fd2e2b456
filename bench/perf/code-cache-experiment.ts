/**
 * Experiment (issue 14, kept for the record; not part of `npm run bench`): would a V8 code cache shipped beside
 * the ingest bundle cut the cold start? The handler is built as CommonJS (esbuild, the CDK options otherwise),
 * loaded through `vm.Script` with `cachedData`, the cache produced after one whole cold ingest (so it holds the
 * functions compiled lazily during the invocation, as v8-compile-cache does), then cold ingests measured with it.
 * Run: `npx tsx bench/perf/code-cache-experiment.ts [cjs|esm] [lang]`.
 *
 * Result (2026-12-08, Node 20, load 2-8, nb): module init 120-173 ms without the cache -> 60-75 ms with it; the
 * first invocation 1,180-1,360 ms -> 1,120-1,240 ms (within the noise). The cold invocation is code running
 * before V8 has optimised it, which a code cache does not skip. A cache is also tied to the exact V8 build:
 * one made on the build machine (Node 20 here) is rejected by the Lambda's Node 22, so shipping it would need
 * the bundling to run on the Lambda runtime's own Node. Dropped.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { startLocalStack } from '../../cli/local-stack.ts';
import { handlerBuildOptions } from '../../infra/bundling.ts';
import { buildIngestBundle, coldIngest } from './cold.ts';

const dir = await buildIngestBundle();
const base = handlerBuildOptions('ingest');
await esbuild.build({
  ...base,
  format: 'cjs',
  outfile: path.join(dir, 'index.cjs'),
  banner: { js: "const __charterMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__charterMetaUrl' },
  supported: { 'dynamic-import': false },
});
renameSync(path.join(dir, 'index.mjs'), path.join(dir, 'index.esm.mjs'));
writeFileSync(
  path.join(dir, 'loader.cjs'),
  `const fs = require('fs'); const vm = require('vm'); const path = require('path'); const Module = require('module');
const file = path.join(__dirname, 'index.cjs'); const cacheFile = file + '.cache';
const source = fs.readFileSync(file, 'utf8');
const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (cachedData && script.cachedDataRejected) console.error('CACHE REJECTED');
const mod = { exports: {} };
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, __dirname);
const inner = mod.exports.handler;
exports.handler = async (...args) => { const r = await inner(...args); if (fs.existsSync(file + '.produce')) { fs.writeFileSync(cacheFile, script.createCachedData()); fs.rmSync(file + '.produce'); } return r; };
`,
);
const mode = process.argv[2] ?? 'cjs';
writeFileSync(
  path.join(dir, 'index.mjs'),
  mode === 'esm'
    ? "export { handler } from './index.esm.mjs';"
    : "import { createRequire } from 'module'; const require = createRequire(import.meta.url); export const { handler } = require('./loader.cjs');",
);
const stack = await startLocalStack();
const lang = process.argv[3] ?? 'nb';
let run = 0;
const show = (label: string, c: Awaited<ReturnType<typeof coldIngest>>) =>
  console.log(
    label,
    c.initMs.toFixed(0),
    c.invokeMs.toFixed(0),
    c.totalMs.toFixed(0),
    c.peakRssMb.toFixed(0),
    c.status,
  );
for (let i = 0; i < 3; i++) show(`${mode} nocache`, await coldIngest(stack, dir, lang, run++));
if (mode === 'cjs') {
  writeFileSync(path.join(dir, 'index.cjs.produce'), '');
  show('produce', await coldIngest(stack, dir, lang, run++));
  console.log('cache bytes', existsSync(path.join(dir, 'index.cjs.cache')));
  for (let i = 0; i < 3; i++) show('cjs cached', await coldIngest(stack, dir, lang, run++));
  for (let i = 0; i < 2; i++)
    show(`cjs cached other lang`, await coldIngest(stack, dir, lang === 'nb' ? 'sv' : 'nb', run++));
}
await stack.close();
rmSync(dir, { recursive: true, force: true });
