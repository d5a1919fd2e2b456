/** How long replaced versions and held-back candidates stay restorable, from the environment. */
import { KEEP_DAYS } from '../core/editions/version-expiry.ts';

/**
 * Days from `CHARTER_KEEP_DAYS` (a positive number; fractions allowed), else {@link KEEP_DAYS}. A value that
 * is not a positive number is an error, not a silent default.
 */
export function keepDaysFromEnvironment(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CHARTER_KEEP_DAYS?.trim();
  if (!raw) return KEEP_DAYS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0) {
    throw new Error(`CHARTER_KEEP_DAYS must be a positive number of days, not "${raw}"`);
  }
  return days;
}
