import type { ClauseStore } from '../editions/types.ts';
import { FlagConflictError, FlagNotFoundError, InvalidDecisionError } from './errors.ts';
import { ocrTextOf } from './record.ts';
import type { FlagStatus, ReviewDecision, ReviewFlag, ReviewStore } from './types.ts';

/** What a reviewer can do with a flag. `reopen` puts a decided flag back in the open queue. */
export type DecisionKind = 'accept' | 'dismiss' | 'correct' | 'reopen';

/** A reviewer's decision as the API and the CLI receive it. */
export interface DecisionRequest {
  decision: DecisionKind;
  /** Why: required, every decision records it. */
  note: string;
  /** Who. */
  by: string;
  /** With `correct`: the corrected clause text. */
  correctedText?: string;
  /** With `correct` on a flag naming several languages: which edition the text corrects. */
  lang?: string;
  /** The revision the reviewer saw; a flag that changed since is a conflict. */
  revision?: number;
}

const STATUS_OF: Record<DecisionKind, FlagStatus> = {
  accept: 'accepted',
  dismiss: 'dismissed',
  correct: 'corrected',
  reopen: 'open',
};

export interface DecideDeps {
  reviews: ReviewStore;
  /**
   * The clause's current texts: a correction records the OCR text it replaces, and stays the record while a
   * re-ingest reads the clause the same way. Without it the correction is kept whatever later ingests read.
   */
  clauses?: Pick<ClauseStore, 'getClause'>;
  now?: () => Date;
}

/**
 * Records a decision on a flag: status, and a history entry with who, when and why. The write is conditional
 * on the revision the reviewer saw (or the one just read): a flag decided or reopened meanwhile rejects with
 * `FlagConflictError`. A correction also stores the corrected clause text as a reviewed version, which later
 * alignments of the charter use as reference.
 */
export async function decideFlag(
  id: string,
  request: DecisionRequest,
  deps: DecideDeps,
): Promise<ReviewFlag> {
  const note = request.note.trim();
  const by = request.by.trim();
  if (!note) throw new InvalidDecisionError('a decision needs a note saying why');
  if (!by) throw new InvalidDecisionError('a decision needs a reviewer (by)');
  const flag = await deps.reviews.getFlag(id);
  if (!flag) throw new FlagNotFoundError(id);
  if (request.revision !== undefined && request.revision !== flag.revision) {
    throw new FlagConflictError(id, request.revision);
  }
  if (request.decision === 'reopen' && flag.status === 'open') {
    throw new InvalidDecisionError(`flag ${id} is already open`);
  }
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const entry: ReviewDecision =
    request.decision === 'reopen'
      ? { status: 'reopened', by, at, note }
      : { status: STATUS_OF[request.decision] as ReviewDecision['status'], by, at, note };
  let lang: string | undefined;
  let correctedText: string | undefined;
  if (request.decision === 'correct') {
    if (flag.kind === 'held-back-candidate') {
      throw new InvalidDecisionError(
        `flag ${id} is about a whole upload held back by the quality gate: promote it (charter edition promote), or accept or dismiss the flag`,
      );
    }
    correctedText = request.correctedText?.trim();
    if (!correctedText) throw new InvalidDecisionError('a correction needs the corrected clause text');
    lang = request.lang ?? (flag.langs.length === 1 ? flag.langs[0] : undefined);
    if (!lang) {
      throw new InvalidDecisionError(`flag ${id} names ${flag.langs.join(', ')}: say which language (lang)`);
    }
    if (!flag.langs.includes(lang)) {
      throw new InvalidDecisionError(`flag ${id} does not name ${lang}; it names ${flag.langs.join(', ')}`);
    }
    entry.correctedText = correctedText;
    entry.lang = lang;
  } else if (request.correctedText !== undefined) {
    throw new InvalidDecisionError('correctedText goes with the decision "correct" only');
  }
  const next: ReviewFlag = {
    ...flag,
    status: STATUS_OF[request.decision],
    history: [...flag.history, entry],
    updatedAt: at,
    revision: flag.revision + 1,
  };
  await deps.reviews.putFlag(next, flag.revision);
  if (lang && correctedText) {
    const current = deps.clauses
      ? (await deps.clauses.getClause(flag.charter, flag.clause)).find((r) => r.lang === lang)
      : undefined;
    await deps.reviews.saveReviewedClause({
      ...(deps.clauses ? { ocrText: ocrTextOf(current) ?? null } : {}),
      ...(current ? { version: current.version } : {}),
      order: flag.order,
      charter: flag.charter,
      clauseId: flag.clause,
      lang,
      text: correctedText,
      by,
      at,
      flagId: id,
    });
  }
  return next;
}
