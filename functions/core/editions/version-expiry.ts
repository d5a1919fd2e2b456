/**
 * How long kept versions stay restorable. The current version's record is kept while it is current; from the
 * moment another version replaces it (and from the moment a candidate is held back) it stays restorable for
 * `keepDays`, after which the store lets it go: `expiresAt` is the DynamoDB TTL attribute (epoch seconds), and
 * the stores leave an item past it out of their reads, since DynamoDB deletes expired items only eventually
 * (and DynamoDB Local or dynalite never).
 */
import type { EditionStore, EditionVersion } from './types.ts';

/** Days a replaced version or a held-back candidate stays restorable, unless configured otherwise. */
export const KEEP_DAYS = 30;

/** Until when a version that stops being current (or is held back) at `at` stays restorable. */
export function expiry(
  at: Date,
  keepDays = KEEP_DAYS,
): Required<Pick<EditionVersion, 'restorableUntil' | 'expiresAt'>> {
  const until = at.getTime() + keepDays * 86_400_000;
  return { restorableUntil: new Date(until).toISOString(), expiresAt: Math.ceil(until / 1000) };
}

/** Is a kept version past its expiry at `now`? A version without one (the current version) never is. */
export function isExpired(
  version: Pick<EditionVersion, 'expiresAt' | 'restorableUntil'>,
  now: Date,
): boolean {
  if (typeof version.expiresAt === 'number') return version.expiresAt * 1000 <= now.getTime();
  return version.restorableUntil !== undefined && Date.parse(version.restorableUntil) < now.getTime();
}

/**
 * Starts the expiry clock of every kept version of an edition that is neither `current` nor already expiring:
 * the version `current` replaced, and any a crashed run left without a clock. Idempotent.
 */
export async function retireEarlierVersions(
  editions: Pick<EditionStore, 'listVersions' | 'keepVersion'>,
  charter: string,
  lang: string,
  current: number,
  at: Date,
  keepDays = KEEP_DAYS,
): Promise<number[]> {
  const retired: number[] = [];
  for (const version of await editions.listVersions(charter, lang)) {
    if (version.version === current || version.expiresAt !== undefined) continue;
    await editions.keepVersion({ ...version, ...expiry(at, keepDays) });
    retired.push(version.version);
  }
  return retired;
}
