/**
 * Loads charters from the corpus folder: `<root>/<charter>/structure.json`, validated against
 * `<root>/schema.json`, and the reviewed editions in `<root>/<charter>/reviewed/<lang>.json`.
 * A new charter is a new folder; no code changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CharterStructure,
  type CharterValidators,
  compileCharterSchema,
  InvalidStructureError,
  parseCharterStructure,
  parseReviewedEdition,
  type ReviewedEdition,
  UnknownCharterError,
} from '../../core/structure/index.ts';
import { projectRoot } from './project-root.ts';

/** The project's own corpus of charters. */
export const defaultChartersRoot = join(projectRoot, 'corpus', 'charters');

const validatorCache = new Map<string, CharterValidators>();

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidStructureError(path, [error instanceof Error ? error.message : String(error)]);
  }
}

function validators(root: string): CharterValidators {
  let cached = validatorCache.get(root);
  if (!cached) {
    cached = compileCharterSchema(readJson(join(root, 'schema.json')));
    validatorCache.set(root, cached);
  }
  return cached;
}

/** Ids of the charters under `root` (folders holding a structure.json), sorted. */
export function listCharters(root = defaultChartersRoot): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'structure.json')))
    .map((entry) => entry.name)
    .sort();
}

function charterDir(charter: string, root: string): string {
  const known = listCharters(root);
  if (!known.includes(charter)) throw new UnknownCharterError(charter, known);
  return join(root, charter);
}

/** The validated structure of `charter`; throws UnknownCharterError or InvalidStructureError. */
export function loadCharterStructure(charter: string, root = defaultChartersRoot): CharterStructure {
  const path = join(charterDir(charter, root), 'structure.json');
  const structure = parseCharterStructure(readJson(path), validators(root), path);
  if (structure.charter !== charter) {
    throw new InvalidStructureError(path, [
      `declares charter "${structure.charter}", folder is "${charter}"`,
    ]);
  }
  return structure;
}

/** Options of {@link loadReviewedEditions}. */
export interface ReviewedOptions {
  root?: string;
  /** Languages to leave out (the edition being aligned must never be its own reference). */
  exclude?: readonly string[];
}

/** The reviewed editions of `charter`, validated against its structure, sorted by language. */
export function loadReviewedEditions(
  structure: CharterStructure,
  { root = defaultChartersRoot, exclude = [] }: ReviewedOptions = {},
): ReviewedEdition[] {
  const dir = join(charterDir(structure.charter, root), 'reviewed');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) =>
      parseReviewedEdition(readJson(join(dir, name)), validators(root), structure, join(dir, name)),
    )
    .filter((edition) => !exclude.includes(edition.lang));
}
