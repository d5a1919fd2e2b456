/** Reading JSON resource files with one error for a missing, unreadable or malformed file. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InvalidResourceError } from './errors.ts';

/** Reads a text file; throws {@link InvalidResourceError}. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
}

/** Parses the JSON text of `file`; throws {@link InvalidResourceError}. */
export function parseJsonText(file: string, text: string): unknown {
  return parse(file, text);
}

function parse(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidResourceError(file, 'is not valid JSON', { cause });
  }
}

/** Reads and parses a JSON file; throws {@link InvalidResourceError}. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
  return parse(file, text);
}

/** Synchronous {@link readJsonFile}, for loaders called where no await is possible. */
export function readJsonFileSync(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidResourceError(file, 'cannot be read', { cause });
  }
  return parse(file, text);
}
