/**
 * Sizes of the Lambda handler bundles, from esbuild metafiles, with the options CDK deploys them with
 * (infra/bundling.ts: minified ESM for Node 22, AWS SDK external, the review page embedded in the api).
 * Run: `npx tsx bench/bundle-sizes.ts` (writes bench/bundle-report.md).
 *
 * Runtime data copied beside a bundle (dictionaries, language data, charters) is not part of the bundle and is
 * reported separately.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { handlerBuildOptions, RUNTIME_FILES, repoRoot } from '../infra/bundling.ts';

/** Budgets from issue 4, in bytes of minified output. */
export const BUDGETS = { ingest: 1.5 * 1024 * 1024, api: 400 * 1024 } as const;
export type HandlerName = keyof typeof BUDGETS;

export interface BundleSize {
  handler: HandlerName;
  bytes: number;
  gzipBytes: number;
  budget: number;
  /** Output bytes by package (node_modules) or by source folder, largest first. */
  parts: Array<{ name: string; bytes: number }>;
  /** Bytes of the runtime files copied beside the bundle. */
  runtimeBytes: number;
  /** Bytes of files embedded through esbuild `define` (the review page), counted in its source folder. */
  embeddedBytes: number;
}

/** Bundles one handler in memory and measures it. */
export async function measureBundle(handler: HandlerName): Promise<BundleSize> {
  const define = handler === 'api' ? await reviewPageDefine() : undefined;
  const result = await esbuild.build({
    ...handlerBuildOptions(handler),
    write: false,
    metafile: true,
    outfile: `${handler}/index.mjs`,
    define,
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('index.mjs'))!;
  const [, meta] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))!;
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
    const name = partName(input);
    parts.set(name, (parts.get(name) ?? 0) + bytesInOutput);
  }
  return {
    handler,
    bytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents).byteLength,
    budget: BUDGETS[handler],
    parts: [...parts].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    runtimeBytes: RUNTIME_FILES[handler].reduce((sum, file) => sum + du(path.join(repoRoot, file)), 0),
    embeddedBytes: Object.values(define ?? {}).reduce((sum, value) => sum + Buffer.byteLength(value), 0),
  };
}

/** A package name for inputs under node_modules, else the source folder. */
function partName(input: string): string {
  const inModules = input.split('node_modules/').at(-1)!;
  if (inModules !== input) {
    const segments = inModules.split('/');
    return segments[0]!.startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0]!;
  }
  return path.dirname(input);
}

async function reviewPageDefine(): Promise<Record<string, string> | undefined> {
  const builder = path.join(repoRoot, 'web/build.mjs');
  if (!existsSync(builder)) return undefined;
  const page = (await import(pathToFileURL(builder).href)) as { reviewPageDefine(): Record<string, string> };
  return page.reviewPageDefine();
}

function du(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(file).reduce((sum, entry) => sum + du(path.join(file, entry)), 0);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function report(sizes: BundleSize[]): string {
  const lines = [
    '# Lambda bundle sizes',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/bundle-sizes.ts\`: esbuild ${esbuild.version},`,
    'the options of infra/bundling.ts (minified ESM, target node22, `@aws-sdk/*` external as the Lambda runtime',
    'provides it; the api bundle embeds the review page). Sizes are of index.mjs; the source map is a separate',
    'file. Runtime data copied beside a bundle (lexicons, language data, charters) is listed apart, not counted.',
    '',
    '| handler | minified | gzip | budget | within | of which embedded page | runtime files beside it |',
    '|---|---|---|---|---|---|---|',
    ...sizes.map(
      (s) =>
        `| ${s.handler} | ${kb(s.bytes)} | ${kb(s.gzipBytes)} | ${kb(s.budget)} | ${s.bytes <= s.budget ? 'yes' : '**no**'} | ${kb(s.embeddedBytes)} | ${kb(s.runtimeBytes)} |`,
    ),
  ];
  for (const s of sizes) {
    lines.push('', `## ${s.handler}: largest parts`, '', '| part | minified |', '|---|---|');
    lines.push(...s.parts.slice(0, 12).map((p) => `| ${p.name} | ${kb(p.bytes)} |`));
  }
  lines.push(
    '',
    '## What keeps the api small',
    '',
    '- The api takes its stores from functions/handlers/stores.ts, never from deps.ts: deps.ts wires the',
    '  cleaning pipeline (cspell tries, ajv, retext), about 200 KB, which only ingest needs.',
    '- Validation uses `zod/mini`, whose functions esbuild tree-shakes; `import { z } from "zod"` alone adds',
    '  about 450 KB minified (measured on this code base while writing this report).',
    '',
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = [await measureBundle('ingest'), await measureBundle('api')];
  const text = report(sizes);
  writeFileSync(path.join(repoRoot, 'bench/bundle-report.md'), text);
  process.stdout.write(`${text}\n`);
}
