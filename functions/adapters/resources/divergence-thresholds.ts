/** Loader of the divergence checks' limits: `data/divergence-thresholds.json`, validated against its schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { DivergenceThresholds } from '../../core/diverge/types.ts';
import { InvalidResourceError } from './errors.ts';
import { readJsonFileSync } from './json-file.ts';
import { projectRoot } from './project-root.ts';
import { validatedAtBuild } from './validated-files.ts';

function readTextSync(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
}

/** The project's thresholds file. */
export const defaultThresholdsFile = join(projectRoot, 'data', 'divergence-thresholds.json');

const cache = new Map<string, DivergenceThresholds>();

/**
 * Reads and validates the thresholds (schema: `divergence-thresholds.schema.json` beside the file); read once
 * per file and process. Throws {@link InvalidResourceError} on a missing, unreadable or invalid file.
 */
export function loadDivergenceThresholds(file = defaultThresholdsFile): DivergenceThresholds {
  const cached = cache.get(file);
  if (cached) return cached;
  const schemaFile = file.replace(/\.json$/, '.schema.json');
  const data = readJsonFileSync(file);
  // A file the build validated against this very schema skips compiling it (see validated-files.ts).
  if (!validatedAtBuild(readTextSync(schemaFile), readTextSync(file))) {
    const ajv = new Ajv({ validateSchema: false, allErrors: true });
    const validate = ajv.compile(readJsonFileSync(schemaFile) as object);
    if (!validate(data)) throw new InvalidResourceError(file, ajv.errorsText(validate.errors));
  }
  const thresholds = data as DivergenceThresholds & { $schema?: string; description?: string };
  cache.set(file, thresholds);
  return thresholds;
}
