/** Reading a file named on the command line, with errors a user can act on (not a raw ENOENT). */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_MAX_BYTES } from '../functions/core/text/decode-bytes/index.ts';
import { InputTooLargeError } from '../functions/core/text/errors.ts';
import { CliError, EXIT } from './command.ts';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a file',
};

/** The bytes of `file`; a missing, unreadable or too large file is a one-line CliError (exit 1). */
export async function readInputFile(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Uint8Array> {
  try {
    // Refuse a huge file before reading it into memory.
    const { size } = await stat(file);
    if (size > maxBytes) throw new InputTooLargeError(size, maxBytes, basename(file));
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof InputTooLargeError) throw new CliError(error.message, EXIT.failed);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new CliError(`cannot read ${file}: ${READ_ERRORS[code] ?? (code || 'unreadable')}`, EXIT.failed);
  }
}
