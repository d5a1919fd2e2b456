/** Errors of the edition use cases. Problems found inside a text are messages, not exceptions. */
export class EditionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The upload key (with its metadata) does not say which charter, or names an invalid charter or language. */
export class UploadKeyError extends EditionError {
  constructor(readonly key: string) {
    super(
      `upload key "${key}" is not uploads/<charter>/<lang|auto>/<file>.txt ` +
        '(or uploads/<file> with x-amz-meta-charter and x-amz-meta-lang)',
    );
  }
}

/** A newer version of the edition was stored meanwhile. */
export class StaleVersionError extends EditionError {
  constructor(
    readonly charter: string,
    readonly lang: string,
    readonly version: number,
  ) {
    super(`edition ${charter}/${lang} version ${version} is stale: a newer one is stored`);
  }
}
