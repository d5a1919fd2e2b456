/**
 * A request for the ingest function to refresh a charter's review flags after an edition's current version
 * changed outside an upload (a candidate promoted through the API). The API writes it as an empty object under
 * `requests/`, whose ObjectCreated events reach the ingest queue like uploads do; the key says everything, so
 * the ingest function never reads the object. The API holds no lexicons, which the divergence detector needs.
 */

/** The prefix of refresh requests in the bucket. */
export const REFRESH_REQUEST_PREFIX = 'requests/refresh-flags/';

/** What a refresh request names: the edition whose version `version` became current. */
export interface RefreshRequest {
  charter: string;
  lang: string;
  version: number;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The object key of a refresh request. */
export function refreshRequestKey({ charter, lang, version }: RefreshRequest): string {
  if (!PART.test(charter) || !PART.test(lang) || !(Number.isInteger(version) && version > 0)) {
    throw new RangeError(`no refresh request for ${charter}/${lang} version ${version}`);
  }
  return `${REFRESH_REQUEST_PREFIX}${charter}/${lang}/${version}`;
}

/** The request a key names, or null when the key is no refresh request. */
export function parseRefreshRequestKey(key: string): RefreshRequest | null {
  if (!key.startsWith(REFRESH_REQUEST_PREFIX)) return null;
  const parts = key.slice(REFRESH_REQUEST_PREFIX.length).split('/');
  if (parts.length !== 3) return null;
  const [charter, lang, raw] = parts as [string, string, string];
  const version = Number(raw);
  if (!PART.test(charter) || !PART.test(lang) || !/^[1-9]\d*$/.test(raw)) return null;
  return { charter, lang, version };
}
