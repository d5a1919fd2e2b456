/**
 * Loaders of the cleaning engine's language resources: per-language settings (data/languages),
 * cspell dictionaries, frequency lists and the OCR confusion model. Each is read once per process.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import { decodeTrie, encodeITrieToBTrie, type ITrie } from 'cspell-trie-lib';

type ITrieNode = NonNullable<ReturnType<ITrie['data']['getNode']>>;
import { type ConfusionData, createConfusionModel } from '../../core/text/confusion-model/index.ts';
import {
  type Identification,
  type IdentifyOptions,
  identifyLanguage,
} from '../../core/text/detect-language/identify.ts';
import type {
  ConfusionModel,
  FrequencyList,
  LanguageResources,
  LanguageSettings,
  Lexicon,
} from '../../core/text/types.ts';
import { InvalidResourceError, UnknownLanguageError } from './errors.ts';
import { compileFrequencyList, readCompiledFrequencyList } from './compiled-frequency.ts';
import { indexFrequencyList, parseFrequencyList, splitFrequencyList } from './frequency-list.ts';
import { parseJsonText, readJsonFile, readText } from './json-file.ts';
import { VALIDATED_FILE, validatedAtBuild, validationDigest } from './validated-files.ts';
import { createTrieLexicon } from './trie-lexicon.ts';
import { charterDigests } from './charters.ts';
import { defaultThresholdsFile, loadDivergenceThresholds } from './divergence-thresholds.ts';
import { projectRoot } from './project-root.ts';

export { InvalidResourceError, ResourceError, UnknownLanguageError } from './errors.ts';

/** A language data file: the settings the core uses plus where its dictionary and frequency list are. */
export interface LanguageFile extends LanguageSettings {
  /** ISO 639-3 code, as the trigram identifier (franc) names the language. */
  iso6393: string;
  /** `<package>/<file>.trie[.gz]` of a cspell dictionary package. */
  dictionary: string;
  /** Frequency list path relative to `data/`; absent for a language without one (see {@link flatPrior}). */
  frequency?: string;
}

const repoRoot = projectRoot;
const dataDir = join(repoRoot, 'data');
const languagesDir = join(dataDir, 'languages');
// Dictionary packages are resolved from the project root, which a Lambda bundle ships beside itself.
const requireFromHere = createRequire(join(projectRoot, 'package.json'));

// The schemas are the project's own: skip validating them against the meta-schema at every start. Made on
// first use: a bundle whose files the build validated (validated-files.ts) never needs it.
let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  ajvInstance ??= new Ajv({ validateSchema: false });
  return ajvInstance;
}
const validators = new Map<string, Promise<ValidateFunction>>();

function validator(schemaFile: string): Promise<ValidateFunction> {
  let found = validators.get(schemaFile);
  if (!found) {
    found = readJsonFile(schemaFile).then((schema) => ajv().compile(schema as object));
    validators.set(schemaFile, found);
  }
  return found;
}

async function readValidated<T>(file: string, schemaFile: string): Promise<T> {
  const [text, schemaText] = await Promise.all([readText(file), readText(schemaFile)]);
  const data = parseJsonText(file, text);
  // A file the build validated against this very schema skips compiling it (see validated-files.ts).
  if (validatedAtBuild(schemaText, text)) return data as T;
  const validate = await validator(schemaFile);
  if (!validate(data)) throw new InvalidResourceError(file, ajv().errorsText(validate.errors));
  validatedTexts.set(file, { schemaText, text });
  return data as T;
}

/** Texts of the files validated in this process, by file: what {@link compileResources} records. */
const validatedTexts = new Map<string, { schemaText: string; text: string }>();

function memo<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let found = cache.get(key);
    if (!found) {
      found = fn(key);
      // A failed load may succeed later (file fixed, cache dir writable): do not keep failures.
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  };
}

let knownCache: Promise<string[]> | undefined;

/** Codes of every language with a data file in `data/languages/`, sorted. */
export function knownLanguages(): Promise<string[]> {
  knownCache ??= readdir(languagesDir).then((names) =>
    names
      .filter((name) => name.endsWith('.json') && name !== 'schema.json')
      .map((name) => name.slice(0, -'.json'.length))
      .sort(),
  );
  return knownCache;
}

/** Reads and validates `data/languages/<lang>.json`; throws {@link UnknownLanguageError}. */
export const loadLanguageFile = memo(async (lang: string): Promise<LanguageFile> => {
  const known = await knownLanguages();
  if (!known.includes(lang)) throw new UnknownLanguageError(lang, known);
  const file = join(languagesDir, `${lang}.json`);
  const data = await readValidated<LanguageFile>(file, join(languagesDir, 'schema.json'));
  if (data.lang !== lang) throw new InvalidResourceError(file, `declares lang '${data.lang}'`);
  return data;
});

const loadFrequency = memo(async (relative: string): Promise<FrequencyList> => {
  const file = join(dataDir, relative);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
  // Compiled at build time beside a bundle (one read, searched in place), else cached by an earlier load.
  const compiledName = compiledFrequencyName(relative, info.size);
  const cacheNames = cacheDirs().map((dir) => join(dir, `${compiledName}+${Math.round(info.mtimeMs)}`));
  for (const name of [join(compiledDir(), compiledName), ...cacheNames]) {
    const bytes = await readFile(name).catch(() => undefined);
    if (!bytes) continue;
    try {
      return readCompiledFrequencyList(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      // not a compiled list (an older format, a torn write): try the next place, then the text
    }
  }
  const compiled = await compileFrequencyFile(file);
  await writeCached(compiled, cacheNames);
  return readCompiledFrequencyList(compiled);
});

/** Name of the compiled form of the frequency list `relative` (under data/) of `size` bytes. */
function compiledFrequencyName(relative: string, size: number): string {
  return `${relative.replace(/[\\/]/g, '+')}+${size}.freq`;
}

/** Reads a frequency list's text and compiles it. */
async function compileFrequencyFile(file: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
  const lines = splitFrequencyList(text);
  return compileFrequencyList(lines, indexFrequencyList(lines));
}

/**
 * Where the build puts the decoded tries and compiled frequency lists shipped with a bundle
 * (`<project root>/compiled`, see {@link compileResources}); read only.
 */
function compiledDir(): string {
  return join(repoRoot, 'compiled');
}

const dictionaryFiles = new Map<string, { file: string; packageName: string; version: string }>();

/**
 * Where a dictionary's file is and its package's version. The package is looked for first where Node would
 * find it first (the project root's node_modules, one file read); Node's resolver, which costs a cold Lambda
 * about 0.3 s of CPU, only when it is not there.
 */
function dictionaryFile(dictionary: string): { file: string; packageName: string; version: string } {
  let found = dictionaryFiles.get(dictionary);
  if (!found) {
    found = locateDictionary(dictionary);
    dictionaryFiles.set(dictionary, found);
  }
  return found;
}

function locateDictionary(dictionary: string): { file: string; packageName: string; version: string } {
  const parts = dictionary.split('/');
  const packageName = dictionary.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const inPackage = dictionary.slice(packageName.length + 1);
  const direct = join(repoRoot, 'node_modules', packageName);
  try {
    const manifest = JSON.parse(readFileSync(join(direct, 'package.json'), 'utf8')) as { version?: string };
    return { file: join(direct, inPackage), packageName, version: manifest.version ?? '0' };
  } catch {
    // not installed at the root (hoisted elsewhere): ask Node's resolver
  }
  let packageDir: string;
  try {
    packageDir = dirname(requireFromHere.resolve(`${packageName}/package.json`));
  } catch {
    try {
      // cspell dictionary packages export only their cspell-ext.json.
      packageDir = dirname(requireFromHere.resolve(`${packageName}/cspell-ext.json`));
    } catch (cause) {
      throw new InvalidResourceError(dictionary, `dictionary package ${packageName} is not installed`, {
        cause,
      });
    }
  }
  const version = (requireFromHere(join(packageDir, 'package.json')) as { version?: string }).version ?? '0';
  return { file: join(packageDir, inPackage), packageName, version };
}

const trieLibVersion = (() => {
  // cspell-trie-lib exports only an ESM entry, so read its package.json by path.
  for (const base of [
    join(repoRoot, 'node_modules'),
    join(dirname(fileURLToPath(import.meta.url)), 'node_modules'),
  ]) {
    try {
      const manifest = JSON.parse(readFileSync(join(base, 'cspell-trie-lib', 'package.json'), 'utf8'));
      if (typeof manifest.version === 'string') return manifest.version as string;
    } catch {
      // not installed here
    }
  }
  return '0';
})();

/**
 * Where derived data is cached: decoded tries in cspell's binary form (decoding that is ~15x faster than
 * the text form) and the alphabetical indexes of frequency lists.
 */
function cacheDirs(): string[] {
  const fromEnv = process.env.CHARTER_CACHE_DIR;
  if (fromEnv) return [fromEnv];
  return [join(repoRoot, 'node_modules', '.cache', 'charter-align'), join(tmpdir(), 'charter-align-cache')];
}

async function readCachedTrie(names: string[]): Promise<ITrie | undefined> {
  for (const name of names) {
    try {
      return decodeTrie(new Uint8Array(await readFile(name)));
    } catch {
      // absent or unreadable: try the next place, then decode the source
    }
  }
  return undefined;
}

async function writeCachedTrie(trie: ITrie, names: string[]): Promise<void> {
  await writeCached(encodeITrieToBTrie(trie), names);
}

async function writeCached(bytes: Uint8Array, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await mkdir(dirname(name), { recursive: true });
      const temporary = `${name}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, name);
      return;
    } catch {
      // read-only place (e.g. a Lambda package): try the next one
    }
  }
}

/**
 * Name of the decoded (binary) form of a dictionary, for one dictionary and trie library version. The build's
 * `compiled/` folder leaves the library version out: it is built with the library the bundle contains, whose
 * package.json a bundle does not ship.
 */
function trieFileName(dictionary: string, withLibrary = true): string {
  const { file, packageName, version } = dictionaryFile(dictionary);
  const name = `${packageName.replace('/', '+')}@${version}+${file.split(/[\\/]/).pop()}`;
  return withLibrary ? `${name}+trie-lib@${trieLibVersion}.btrie` : `${name}.btrie`;
}

const loadTrie = memo(async (dictionary: string): Promise<ITrie> => {
  const { file } = dictionaryFile(dictionary);
  const cacheName = trieFileName(dictionary);
  const cacheFiles = cacheDirs().map((dir) => join(dir, cacheName));
  const cached = await readCachedTrie([join(compiledDir(), trieFileName(dictionary, false)), ...cacheFiles]);
  if (cached) return cached;
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot read the dictionary', { cause });
  }
  let trie: ITrie;
  try {
    trie = decodeTrie(new Uint8Array(file.endsWith('.gz') ? gunzipSync(raw) : raw));
  } catch (cause) {
    throw new InvalidResourceError(file, 'is not a cspell trie', { cause });
  }
  await writeCachedTrie(trie, cacheFiles);
  return trie;
});

/** The lexicon (cspell trie) of one language alone, e.g. for language detection; throws {@link UnknownLanguageError}. */
export const loadLexicon = memo(async (lang: string): Promise<Lexicon> => {
  const file = await loadLanguageFile(lang);
  return createTrieLexicon(await loadTrie(file.dictionary));
});

/**
 * Settings, lexicon and frequency list of one language, plus the frequency lists of the other known
 * languages (words a text quotes from them); throws {@link UnknownLanguageError}. Only this language's
 * dictionary is decoded. A language without a frequency list gets {@link flatPrior} instead.
 */
export const loadLanguage = memo(async (lang: string): Promise<LanguageResources> => {
  const file = await loadLanguageFile(lang);
  const [trie, lists] = await Promise.all([loadTrie(file.dictionary), loadFrequencyLists()]);
  const {
    dictionary: _dictionary,
    frequency: _frequency,
    iso6393: _iso6393,
    $schema: _schema,
    ...settings
  } = file as LanguageFile & {
    $schema?: string;
  };
  const frequency = lists.get(lang) ?? flatPrior(trie);
  const foreign = new Map([...lists].filter(([other]) => other !== lang));
  return { settings, lexicon: createTrieLexicon(trie), frequency, foreign };
});

/** Longest word of a {@link flatPrior}. */
const FLAT_PRIOR_LETTERS = 4;

/**
 * The stand-in frequency list of a language that has none: every lower-case dictionary word of up to four
 * letters, counted once. Short words are the frequent ones (Zipf), so the list gives the cleaner the
 * language's alphabet and a mild preference for real short words, and no word frequencies it does not have.
 */
export function flatPrior(trie: ITrie): FrequencyList {
  const words: string[] = [];
  const walk = (node: ITrieNode, prefix: string) => {
    if (prefix && node.eow) words.push(prefix);
    if (prefix.length >= FLAT_PRIOR_LETTERS) return;
    for (const [ch, child] of node.entries()) if (/^\p{Ll}$/u.test(ch)) walk(child, prefix + ch);
  };
  walk(trie.data.getRoot(), '');
  words.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return parseFrequencyList(words.map((word) => `${word} 1`).join('\n'));
}

/**
 * The frequency list of every known language that has one, for language detection and for the words a
 * text quotes from another language (no dictionary is loaded).
 */
export async function loadFrequencyLists(): Promise<Map<string, FrequencyList>> {
  const langs = await knownLanguages();
  const files = (await Promise.all(langs.map((lang) => loadLanguageFile(lang)))).filter(
    (file): file is LanguageFile & { frequency: string } => file.frequency !== undefined,
  );
  const lists = await Promise.all(files.map((file) => loadFrequency(file.frequency)));
  return new Map(files.map((file, i) => [file.lang, lists[i]!]));
}

/** Every known language's code by its ISO 639-3 code (`deu` -> `de`), for the trigram identifier. */
export async function languagesByIso6393(): Promise<Map<string, string>> {
  const files = await Promise.all((await knownLanguages()).map((lang) => loadLanguageFile(lang)));
  return new Map(files.map((file) => [file.iso6393, file.lang]));
}

let confusionCache: Promise<ConfusionModel> | undefined;

/** The OCR confusion model from `data/ocr-confusions.json`, validated against its schema. */
export function loadConfusionModel(): Promise<ConfusionModel> {
  confusionCache ??= readValidated<ConfusionData>(
    join(dataDir, 'ocr-confusions.json'),
    join(dataDir, 'ocr-confusions.schema.json'),
  ).then(createConfusionModel);
  confusionCache.catch(() => {
    confusionCache = undefined;
  });
  return confusionCache;
}

/**
 * Loads every known language once, so the decoded dictionaries and list indexes are cached on disk
 * (for an install step: a fresh clone's first `charter clean` then skips decoding the text tries).
 */
export async function warmResourceCaches(): Promise<string[]> {
  const langs = await knownLanguages();
  await Promise.all([...langs.map((lang) => loadLanguage(lang)), loadConfusionModel()]);
  return langs;
}

/**
 * Identifies the language of a text among the known languages (see `identifyLanguage`): the trigram
 * identifier proposes, and only the lexicons of the few languages it proposes are loaded to verify.
 */
export async function identifyTextLanguage(text: string, options?: IdentifyOptions): Promise<Identification> {
  const [codes, lists] = await Promise.all([languagesByIso6393(), loadFrequencyLists()]);
  return identifyLanguage(text, { codes, lexicon: loadLexicon, lists }, options);
}

/**
 * Writes the decoded tries and compiled frequency lists of every known language into `<root>/compiled`, the
 * folder a bundle ships and the loaders read first (build step of the ingest bundle). Returns the files written.
 */
export async function compileResources(root: string): Promise<string[]> {
  const out = join(root, 'compiled');
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const lang of await knownLanguages()) {
    const file = await loadLanguageFile(lang);
    const trieName = trieFileName(file.dictionary, false);
    // A decoded trie the loader cached is copied as it is; otherwise it is decoded (and cached) and encoded.
    const cachedTrie = cacheDirs().map((dir) => join(dir, trieFileName(file.dictionary)));
    if (!(await copyFirst(cachedTrie, join(out, trieName)))) {
      await writeFile(join(out, trieName), encodeITrieToBTrie(await loadTrie(file.dictionary)));
    }
    written.push(trieName);
    if (file.frequency) {
      const source = join(dataDir, file.frequency);
      const name = compiledFrequencyName(file.frequency, (await stat(source)).size);
      await writeFile(join(out, name), await compileFrequencyFile(source));
      written.push(name);
    }
  }
  // The JSON files validated on the way (languages, confusions), the thresholds and the charters.
  await loadConfusionModel();
  const digests = [...validatedTexts.values()].map(({ schemaText, text }) =>
    validationDigest(schemaText, text),
  );
  const thresholdsSchema = defaultThresholdsFile.replace(/\.json$/, '.schema.json');
  loadDivergenceThresholds();
  digests.push(validationDigest(await readText(thresholdsSchema), await readText(defaultThresholdsFile)));
  digests.push(...charterDigests());
  await writeFile(join(root, VALIDATED_FILE), `${JSON.stringify([...new Set(digests)].sort(), null, 1)}\n`);
  written.push(VALIDATED_FILE);
  return written;
}

/** Copies the first of `sources` that can be read to `target`; false when none can. */
async function copyFirst(sources: string[], target: string): Promise<boolean> {
  for (const source of sources) {
    try {
      await copyFile(source, target);
      return true;
    } catch {
      // absent here: try the next
    }
  }
  return false;
}
