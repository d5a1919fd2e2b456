/**
 * JSON files the build validated against their schemas. The ingest bundle's build step records a digest of each
 * (schema, file) pair it validated in `compiled/validated.json`; a loader that finds its pair there skips
 * compiling the schema (ajv generates and compiles code, hundreds of milliseconds in a cold Lambda) and
 * trusts the file. Any other file, or a file changed since the build, is validated as usual.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.ts';

/** Where the build writes the digests, beside the compiled resources. */
export const VALIDATED_FILE = join('compiled', 'validated.json');

let known: Set<string> | undefined;

/** Digest of a schema and a file validated against it (their texts). */
export function validationDigest(schemaText: string, dataText: string): string {
  return createHash('sha256').update(schemaText).update('\u0000').update(dataText).digest('hex');
}

/** True when the build validated exactly this file against exactly this schema. */
export function validatedAtBuild(schemaText: string, dataText: string): boolean {
  if (!known) {
    try {
      const digests = JSON.parse(readFileSync(join(projectRoot, VALIDATED_FILE), 'utf8')) as unknown;
      known = new Set(
        Array.isArray(digests) ? digests.filter((d): d is string => typeof d === 'string') : [],
      );
    } catch {
      known = new Set();
    }
  }
  return known.has(validationDigest(schemaText, dataText));
}
