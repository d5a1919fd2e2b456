/**
 * A time budget for one alignment, proportional to the text's size. Garbage is turned away before alignment
 * (functions/core/editions/text-gate.ts); the budget bounds what gets through anyway (a huge text that reads as
 * language, a pathological layout). The aligner checks it between its stages (scoring each segment, each
 * repair round of the decoder, each realignment pass, each clause's text) and stops with an
 * {@link AlignmentBudgetError} once it is spent. The clock is passed in: the core reads no time itself.
 */

/** The aligner's view of a budget: throws {@link AlignmentBudgetError} when it is spent. */
export interface AlignBudget {
  check(stage: string): void;
}

/** How a budget grows with the text: a base plus a share per 1000 characters, capped. */
export interface BudgetRate {
  baseMs: number;
  perThousandCharsMs: number;
  /** Never more than this (the deployed function must still record the failure before its own timeout). */
  maxMs: number;
}

/**
 * 20 s plus 2 s per 1000 characters, at most 4 minutes (the ingest Lambda times out at 5). The corpus editions
 * (8 000 characters) align in about a second on one core: the budget leaves them a margin above tenfold,
 * and alignment grows a little less than linearly with the text.
 */
export const DEFAULT_BUDGET_RATE: BudgetRate = { baseMs: 20_000, perThousandCharsMs: 2_000, maxMs: 240_000 };

/** The alignment ran out of its time budget; the message says where, after how long, and what the budget was. */
export class AlignmentBudgetError extends Error {
  override name = 'AlignmentBudgetError';
  constructor(
    message: string,
    readonly stage: string,
    readonly elapsedMs: number,
    readonly budgetMs: number,
  ) {
    super(message);
  }
}

/** Milliseconds allowed to align a text of `chars` characters. */
export function budgetMsFor(chars: number, rate: BudgetRate = DEFAULT_BUDGET_RATE): number {
  return Math.min(rate.maxMs, rate.baseMs + (rate.perThousandCharsMs * chars) / 1000);
}

/**
 * A budget for aligning a text of `chars` characters, starting now by the clock `now` (milliseconds, e.g.
 * `performance.now`).
 */
export function alignBudget(
  chars: number,
  now: () => number,
  rate: BudgetRate = DEFAULT_BUDGET_RATE,
): AlignBudget {
  const budgetMs = budgetMsFor(chars, rate);
  const started = now();
  return {
    check(stage) {
      const elapsedMs = now() - started;
      if (elapsedMs <= budgetMs) return;
      throw new AlignmentBudgetError(
        `alignment stopped while ${stage} after ${(elapsedMs / 1000).toFixed(1)} s: the time budget for a ` +
          `text of ${chars} characters is ${(budgetMs / 1000).toFixed(1)} s (${rate.baseMs / 1000} s plus ` +
          `${rate.perThousandCharsMs / 1000} s per 1000 characters, at most ${rate.maxMs / 1000} s)`,
        stage,
        elapsedMs,
        budgetMs,
      );
    },
  };
}
