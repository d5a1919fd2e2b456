/** Loader of the divergence checks' limits: `data/divergence-thresholds.json`, validated against its schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { DivergenceThresholds } from '../../core/diverge/types.ts';
import { InvalidResourceError } from './errors.ts';
import { projectRoot } from './project-root.ts';

/** The project's thresholds file. */
export const defaultThresholdsFile = join(projectRoot, 'data', 'divergence-thresholds.json');

const cache = new Map<string, DivergenceThresholds>();

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidResourceError(file, 'is not valid JSON', { cause });
  }
}

/**
 * Reads and validates the thresholds (schema: `divergence-thresholds.schema.json` beside the file); read once
 * per file and process. Throws {@link InvalidResourceError} on a missing, unreadable or invalid file.
 */
export function loadDivergenceThresholds(file = defaultThresholdsFile): DivergenceThresholds {
  const cached = cache.get(file);
  if (cached) return cached;
  const schemaFile = file.replace(/\.json$/, '.schema.json');
  const ajv = new Ajv({ validateSchema: false, allErrors: true });
  const validate = ajv.compile(readJson(schemaFile) as object);
  const data = readJson(file);
  if (!validate(data)) throw new InvalidResourceError(file, ajv.errorsText(validate.errors));
  const thresholds = data as DivergenceThresholds & { $schema?: string; description?: string };
  cache.set(file, thresholds);
  return thresholds;
}
