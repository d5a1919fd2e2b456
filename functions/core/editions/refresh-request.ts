/**
 * A request for the ingest function to refresh a charter's review flags after an edition's current version
 * changed outside an upload (a candidate promoted through the API). The API writes it as an empty object under
 * `requests/`, whose ObjectCreated events reach the ingest queue like uploads do; the key says everything, so
 * the ingest function never reads the object. The API holds no lexicons, which the divergence detector needs.
 */

/** The prefix of refresh requests in the bucket. */
export const REFRESH_REQUEST_PREFIX = 'requests/refresh-flags/';

/**
 * What a refresh request names: the edition whose version `version` became current. `realign` when that version is
 * the language's first current version (a promoted held-back first edition): the ingest function then also aligns
 * the earlier editions again with the new reference language, as it does for an upload that becomes a language's
 * first version.
 */
export interface RefreshRequest {
  charter: string;
  lang: string;
  version: number;
  realign?: boolean;
}

/** The last key segment of a request that also asks for the realignment. */
const REALIGN_SEGMENT = 'realign';

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The object key of a refresh request. */
export function refreshRequestKey({ charter, lang, version, realign }: RefreshRequest): string {
  if (!PART.test(charter) || !PART.test(lang) || !(Number.isInteger(version) && version > 0)) {
    throw new RangeError(`no refresh request for ${charter}/${lang} version ${version}`);
  }
  return `${REFRESH_REQUEST_PREFIX}${charter}/${lang}/${version}${realign ? `/${REALIGN_SEGMENT}` : ''}`;
}

/** The request a key names, or null when the key is no refresh request. */
export function parseRefreshRequestKey(key: string): RefreshRequest | null {
  if (!key.startsWith(REFRESH_REQUEST_PREFIX)) return null;
  const parts = key.slice(REFRESH_REQUEST_PREFIX.length).split('/');
  const realign = parts.length === 4 && parts[3] === REALIGN_SEGMENT;
  if (parts.length !== 3 && !realign) return null;
  const [charter, lang, raw] = parts as [string, string, string];
  const version = Number(raw);
  if (!PART.test(charter) || !PART.test(lang) || !/^[1-9]\d*$/.test(raw)) return null;
  return { charter, lang, version, ...(realign ? { realign } : {}) };
}
