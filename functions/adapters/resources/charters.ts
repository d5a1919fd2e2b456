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
import { rememberValidated, validatedAtBuild, validationDigest } from './validated-files.ts';

/** The project's own corpus of charters. */
export const defaultChartersRoot = join(projectRoot, 'corpus', 'charters');

const validatorCache = new Map<string, CharterValidators>();

function readJson(path: string): unknown {
  return parseJson(path, readText(path));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidStructureError(path, [error instanceof Error ? error.message : String(error)]);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidStructureError(path, [error instanceof Error ? error.message : String(error)]);
  }
}

const schemaTexts = new Map<string, string>();

/** Validators that pass every file: for files the build validated (see validated-files.ts). */
const TRUSTED = (() => {
  const pass = Object.assign(() => true, { errors: null }) as unknown as CharterValidators['structure'];
  return { structure: pass, reviewed: pass } as CharterValidators;
})();

/**
 * A charter file read and parsed, with the validators it needs: none when the build validated exactly this
 * file against this schema, else the schema's compiled validators.
 */
function readChecked(
  root: string,
  path: string,
): { data: unknown; validators: CharterValidators; passed: () => void } {
  const text = readText(path);
  const schemaFile = join(root, 'schema.json');
  let schema = schemaTexts.get(schemaFile);
  if (schema === undefined) {
    schema = readText(schemaFile);
    schemaTexts.set(schemaFile, schema);
  }
  return {
    data: parseJson(path, text),
    validators: validatedAtBuild(schema, text) ? TRUSTED : validators(root),
    // Called once the file parsed and validated: later processes trust it (see validated-files.ts).
    passed: () => rememberValidated(schema, text),
  };
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
  const checked = readChecked(root, path);
  const structure = parseCharterStructure(checked.data, checked.validators, path);
  if (structure.charter !== charter) {
    throw new InvalidStructureError(path, [
      `declares charter "${structure.charter}", folder is "${charter}"`,
    ]);
  }
  checked.passed();
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
    .map((name) => {
      const checked = readChecked(root, join(dir, name));
      const edition = parseReviewedEdition(checked.data, checked.validators, structure, join(dir, name));
      checked.passed();
      return edition;
    })
    .filter((edition) => !exclude.includes(edition.lang));
}

/**
 * Digests (see validated-files.ts) of every charter structure and reviewed edition under `root`, each validated
 * here against the schema; for the build step that ships them. Throws on an invalid file.
 */
export function charterDigests(root = defaultChartersRoot): string[] {
  const schema = readText(join(root, 'schema.json'));
  const digests: string[] = [];
  for (const charter of listCharters(root)) {
    const structurePath = join(root, charter, 'structure.json');
    const structure = parseCharterStructure(readJson(structurePath), validators(root), structurePath);
    digests.push(validationDigest(schema, readText(structurePath)));
    const dir = join(root, charter, 'reviewed');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
      parseReviewedEdition(readJson(join(dir, name)), validators(root), structure, join(dir, name));
      digests.push(validationDigest(schema, readText(join(dir, name))));
    }
  }
  return digests;
}
