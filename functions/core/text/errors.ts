/** Errors of the text area: bad input files and bad configuration. Problems found in a text are vfile messages. */

/** Base class of every error the product throws on purpose: sets `name` and keeps the `cause`. */
export class CharterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input file has no content (zero bytes, or only a byte-order mark). */
export class EmptyInputError extends CharterError {
  constructor(readonly source?: string) {
    super(`${source ?? 'input'} is empty`);
  }
}

/** The input is not text: a known binary format, NUL bytes or many control characters. */
export class BinaryInputError extends CharterError {
  constructor(
    readonly reason: string,
    readonly source?: string,
  ) {
    super(`${source ?? 'input'} is not a text file (${reason})`);
  }
}

/** The input is larger than the configured limit. */
export class InputTooLargeError extends CharterError {
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly source?: string,
  ) {
    super(`${source ?? 'input'} is too large: ${size} bytes, the limit is ${limit} bytes`);
  }
}
