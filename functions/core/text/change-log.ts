/**
 * How the cleaning plugins report a change. A plain file gets a vfile message per change, as any unified
 * plugin reports; a file whose change log was started (the pipeline's own runs) gets one plain record
 * instead, with no message object, stack or reason string built for each change.
 */
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { Change } from './types.ts';

const LOG = 'charterChangeLog';

/** Starts the change log of `file`: later reports go to the returned array, not to `file.messages`. */
export function startChangeLog(file: VFile): Change[] {
  const log: Change[] = [];
  (file.data as Record<string, unknown>)[LOG] = log;
  return log;
}

/** Reports one change: `reason` is only built when the file has no change log. */
export function reportChange(
  file: VFile,
  reason: string | (() => string),
  place: Point | Position | undefined,
  ruleId: string,
  source: string,
  actual: string,
  expected: string,
): void {
  const log = (file.data as Record<string, unknown>)[LOG] as Change[] | undefined;
  if (log) {
    const start = place && 'start' in place ? place.start : place;
    log.push({ ruleId, source, actual, expected, line: start?.line ?? 0, column: start?.column ?? 0 });
    return;
  }
  const message = file.message(typeof reason === 'string' ? reason : reason(), { place, ruleId, source });
  message.actual = actual;
  message.expected = [expected];
}
