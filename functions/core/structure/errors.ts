/** Errors of the charter-structure area. */

/** Base class: every structure error names itself and keeps its cause. */
export class CharterStructureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No folder with a structure.json exists for the requested charter. */
export class UnknownCharterError extends CharterStructureError {
  constructor(
    readonly charter: string,
    readonly known: readonly string[],
  ) {
    super(`unknown charter "${charter}" (known: ${known.length ? known.join(', ') : 'none'})`);
  }
}

/** A structure.json or reviewed edition that breaks the schema or the structure's own rules. */
export class InvalidStructureError extends CharterStructureError {
  constructor(
    readonly where: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid ${where}: ${problems.join('; ')}`);
  }
}
