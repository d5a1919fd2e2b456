/**
 * Build step of the ingest bundle: decodes every language's dictionary trie and compiles its frequency list
 * into `<out>/compiled/`, which the bundle ships and the resource loaders read first, so a cold Lambda reads
 * binary files instead of decoding text tries and indexing lists (functions/adapters/resources).
 * Run: `node --import tsx infra/compile-resources.ts <bundle folder>` (the CDK bundling hook does).
 */
import { fileURLToPath } from 'node:url';
import { compileResources } from '../functions/adapters/resources/index.ts';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: compile-resources <bundle folder>\n');
    process.exit(2);
  }
  const files = await compileResources(out);
  process.stderr.write(`compiled ${files.length} resource files into ${out}/compiled\n`);
}
