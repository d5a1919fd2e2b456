/** Errors of the review workflow; the API maps them to 404, 409 and 400. */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No flag has this id. */
export class FlagNotFoundError extends ReviewError {
  constructor(readonly id: string) {
    super(`no flag ${id}`);
  }
}

/** The flag changed since the caller read it (another decision, or a re-ingest reopened it). */
export class FlagConflictError extends ReviewError {
  constructor(
    readonly id: string,
    readonly expectedRevision: number | null,
  ) {
    super(
      expectedRevision === null
        ? `flag ${id} already exists`
        : `flag ${id} changed since revision ${expectedRevision}; read it again`,
    );
  }
}

/** The decision does not fit the flag (a correction without text, a language the flag does not name...). */
export class InvalidDecisionError extends ReviewError {}

/** A queue cursor that this store did not hand out (or that was tampered with). */
export class InvalidCursorError extends ReviewError {
  constructor() {
    super('the cursor is not one this queue handed out');
  }
}
