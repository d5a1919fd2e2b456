/**
 * How the Lambda handlers are bundled: one place for the CDK functions (infra/constructs/pipeline-function.ts)
 * and the bundle-size report (bench/bundle-sizes.ts), so the report measures what is deployed.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The AWS SDK v3 is part of the Node.js Lambda runtime: left out of the bundles. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

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

/** Files a handler reads at run time, copied beside its bundle. */
export const RUNTIME_FILES = {
  /** Language data, charter structures and reviewed editions, the cspell dictionaries: the cleaning pipeline. */
  ingest: [
    'data',
    'corpus/charters',
    'node_modules/@cspell/dict-sv',
    'node_modules/@cspell/dict-da-dk',
    'node_modules/@cspell/dict-nb-no',
    'node_modules/@cspell/dict-en_us',
  ],
  /** Charter structures and reviewed editions (charter list, reviewed clause texts). */
  api: ['corpus/charters'],
} as const;

/** Handler entry file under functions/handlers. */
export function handlerEntry(name: string): string {
  return path.join(repoRoot, 'functions/handlers', `${name}.ts`);
}
