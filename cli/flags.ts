/**
 * Open review flags, read through the real API handler (GET /reviews?status=open), so the CLI counts what a
 * reviewer sees. Null when the API has no review queue (no such route): callers then omit flag counts.
 */
import { callApi } from './http-api.ts';
import type { ApiApp } from '../functions/handlers/api.ts';

/** The fields of a review flag the CLI counts with. */
export interface FlagSummary {
  id: string;
  charter: string;
  clause: string;
  langs: string[];
  kind: string;
  severity?: string;
  /** One line a reviewer can read. */
  reason?: string;
  status?: string;
  resolvedAt?: string;
  history?: Array<{ status: string; by: string; at: string; note: string }>;
}

const MAX_PAGES = 100;

/** Open flags of `charter`, every page; null when the API has no review queue. */
export function openFlags(api: ApiApp, charter: string): Promise<FlagSummary[] | null> {
  return flagsWithStatus(api, charter, 'open');
}

/** Flags of `charter` with `status`, every page; null when the API has no review queue. */
export async function flagsWithStatus(
  api: ApiApp,
  charter: string,
  wanted: string,
): Promise<FlagSummary[] | null> {
  const flags: FlagSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ status: wanted, charter, limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const { status, body } = await callApi(api, { path: `/reviews?${query}` });
    // No review queue route (404) or no review store behind it (503).
    if ((status === 404 || status === 503) && page === 0) return null;
    if (status !== 200) throw new Error(`GET /reviews answered ${status}`);
    const items = listOf(body);
    if (!items) return null;
    for (const item of items) {
      const flag = item as Partial<FlagSummary> & { lang?: string; status?: string };
      const reason = typeof flag.reason === 'string' ? { reason: flag.reason } : {};
      if (flag.status && flag.status !== wanted) continue;
      if (flag.charter && flag.charter !== charter) continue;
      flags.push({
        id: String(flag.id),
        charter: flag.charter ?? charter,
        clause: String(flag.clause),
        langs: flag.langs ?? (flag.lang ? [flag.lang] : []),
        kind: String(flag.kind),
        severity: flag.severity,
        ...reason,
        ...(flag.status ? { status: flag.status } : {}),
        ...(flag.resolvedAt ? { resolvedAt: flag.resolvedAt } : {}),
        ...(Array.isArray(flag.history) ? { history: flag.history } : {}),
      });
    }
    cursor = nextCursor(body);
    if (!cursor) break;
  }
  return flags;
}

/** Open flags of `lang` in `flags`. */
export function countFor(flags: FlagSummary[], lang: string, clause?: string): number {
  return flags.filter((f) => f.langs.includes(lang) && (clause === undefined || f.clause === clause)).length;
}

function listOf(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') {
    for (const name of ['flags', 'items', 'reviews']) {
      const value = (body as Record<string, unknown>)[name];
      if (Array.isArray(value)) return value;
    }
  }
  return null;
}

function nextCursor(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const value = record.next ?? record.nextCursor ?? record.cursor;
  return typeof value === 'string' && value ? value : undefined;
}
