/** The API's error answers: a status and a JSON `{error, issues?}` body. */
import type * as z from 'zod/mini';
import {
  FlagConflictError,
  FlagNotFoundError,
  InvalidCursorError,
  InvalidDecisionError,
} from '../../core/reviews/errors.ts';

/** A JSON error with its status code; thrown by routes (and access checks), answered by the app. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The ApiError an error stands for; null for an unexpected one (a 500). */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof FlagNotFoundError) return new ApiError(404, error.message);
  if (error instanceof FlagConflictError) return new ApiError(409, error.message);
  if (error instanceof InvalidDecisionError || error instanceof InvalidCursorError) {
    return new ApiError(400, error.message);
  }
  return null;
}

/** One line per problem; zod/mini carries no message locale, so the common codes are worded here. */
export function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `${where}must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `${where}must be a ${issue.expected}`;
    case 'too_small':
      if (issue.message !== 'Invalid input') return `${where}${issue.message}`;
      return `${where}must be at least ${issue.minimum}${issue.origin === 'string' ? ' character(s) long' : ''}`;
    case 'too_big':
      return `${where}must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters long' : ''}`;
    case 'invalid_format':
      return `${where}is not in the expected form`;
    default:
      return `${where}${issue.message}`;
  }
}
