/**
 * JSON files the build validated against their schemas. The ingest bundle's build step records a digest of each
 * (schema, file) pair it validated in `compiled/validated.json`; a loader that finds its pair there skips
 * compiling the schema (ajv generates and compiles code, hundreds of milliseconds in a cold Lambda) and
 * trusts the file. Any other file, or a file changed since the build, is validated as usual.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './project-root.ts';

/** Where the build writes the digests, beside the compiled resources. */
export const VALIDATED_FILE = join('compiled', 'validated.json');

let known: Set<string> | undefined;

/** Digest of a schema and a file validated against it (their texts). */
export function validationDigest(schemaText: string, dataText: string): string {
  return createHash('sha256').update(schemaText).update('\u0000').update(dataText).digest('hex');
}

/** True when the build validated exactly this file against exactly this schema, or an earlier local process did. */
export function validatedAtBuild(schemaText: string, dataText: string): boolean {
  if (!known) {
    known = new Set([
      ...readDigests(join(projectRoot, VALIDATED_FILE)),
      ...(rememberedFile() ? readDigests(rememberedFile()!) : []),
    ]);
  }
  return known.has(validationDigest(schemaText, dataText));
}

function readDigests(file: string): string[] {
  try {
    const digests = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(digests) ? digests.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Where a process outside a bundle records the files it validated, for the next one (the CLI compiled the charter
 * schema at every command): `CHARTER_CACHE_DIR`, else the repository's node_modules cache; none in a bundle.
 */
function rememberedFile(): string | undefined {
  if (process.env.CHARTER_CACHE_DIR) return join(process.env.CHARTER_CACHE_DIR, 'validated.json');
  if (process.env.CHARTER_ROOT) return undefined;
  return join(projectRoot, 'node_modules', '.cache', 'charter-align', 'validated.json');
}

/** Records that this file validated against this schema, so later processes skip compiling the schema. */
export function rememberValidated(schemaText: string, dataText: string): void {
  const digest = validationDigest(schemaText, dataText);
  if (validatedAtBuild(schemaText, dataText)) return;
  known!.add(digest);
  const file = rememberedFile();
  if (!file) return;
  try {
    const digests = new Set([...readDigests(file), digest]);
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify([...digests].sort())}\n`);
    renameSync(temporary, file);
  } catch {
    // a read-only place: the next process validates again
  }
}
