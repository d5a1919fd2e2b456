/** Errors of the resource loaders: unknown languages and unreadable or invalid data files. */

/** Base class of resource errors: sets `name` and keeps the `cause`. */
export class ResourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No data file `data/languages/<lang>.json` exists for the requested language. */
export class UnknownLanguageError extends ResourceError {
  constructor(
    readonly lang: string,
    readonly known: readonly string[],
  ) {
    super(`unknown language '${lang}' (known: ${known.join(', ')})`);
  }
}

/** A data file is missing, unreadable or does not match its schema. */
export class InvalidResourceError extends ResourceError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${detail}`, options);
  }
}

/** A text whose language was to be detected has too few letters to be an edition in any language. */
export class TextWithoutLanguageError extends ResourceError {}
