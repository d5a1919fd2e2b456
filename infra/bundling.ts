/**
 * How the Lambda handlers are bundled: one place for the CDK functions (infra/constructs/pipeline-function.ts)
 * and the bundle-size report (bench/bundle-sizes.ts), so the report measures what is deployed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BuildOptions } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The AWS SDK v3 is part of the Node.js Lambda runtime: left out of the bundles. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

/**
 * Handlers that bundle the AWS SDK instead: the runtime's SDK is CommonJS, which Node parses and compiles module
 * by module at a cold start (the ingest bundle's module init: 480 ms of CPU with the SDK external, 245 ms with it
 * bundled, bench/perf/cold.ts).
 */
export const SDK_BUNDLED = new Set(['ingest']);

/** The modules left out of a handler's bundle. */
export function externalModules(handler: string): string[] {
  return SDK_BUNDLED.has(handler) ? [] : EXTERNAL_MODULES;
}

/** esbuild settings of every handler bundle (the NodejsFunction options map onto these one to one). */
export const HANDLER_BUNDLING = {
  format: 'esm' as const,
  platform: 'node' as const,
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  /** Some CommonJS dependencies call require() for Node built-ins; an ESM bundle has to provide it. */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
};

/**
 * The dictionary packages the language files name (`data/languages/<lang>.json`, field `dictionary`): adding a
 * language adds its dictionary to the ingest bundle without touching the infrastructure.
 */
export function dictionaryPackages(): string[] {
  const dir = path.join(repoRoot, 'data/languages');
  const packages = readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'schema.json')
    .map(
      (file) =>
        (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { dictionary?: string }).dictionary,
    )
    .filter((dictionary): dictionary is string => typeof dictionary === 'string')
    .map((dictionary) =>
      dictionary
        .split('/')
        .slice(0, dictionary.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(packages)].sort().map((name) => `node_modules/${name}`);
}

/** Files a handler reads at run time, copied beside its bundle. */
export const RUNTIME_FILES = {
  /** Language data, charter structures and reviewed editions, the cspell dictionaries: the cleaning pipeline. */
  ingest: ['data', 'corpus/charters', ...dictionaryPackages()],
  /** Charter structures and reviewed editions (charter list, reviewed clause texts). */
  api: ['corpus/charters'],
} as const;

/**
 * The build step that writes the decoded dictionary tries and compiled frequency lists into a bundle's
 * `compiled/` folder (infra/compile-resources.ts), so a cold ingest Lambda reads them instead of decoding.
 */
export function compileResourcesCommand(inputDir: string, outputDir: string): string {
  return `cd "${inputDir}" && node --import tsx infra/compile-resources.ts "${outputDir}"`;
}

/** Handler entry file under functions/handlers. */
export function handlerEntry(name: string): string {
  return path.join(repoRoot, 'functions/handlers', `${name}.ts`);
}

/** The esbuild options of a handler bundle as CDK builds it, for building it outside CDK (size report, tests). */
export function handlerBuildOptions(name: string): BuildOptions {
  return {
    entryPoints: [handlerEntry(name)],
    bundle: true,
    format: HANDLER_BUNDLING.format,
    platform: HANDLER_BUNDLING.platform,
    target: HANDLER_BUNDLING.target,
    minify: HANDLER_BUNDLING.minify,
    mainFields: HANDLER_BUNDLING.mainFields,
    banner: { js: HANDLER_BUNDLING.banner },
    external: externalModules(name),
    logLevel: 'silent',
  };
}
