/**
 * A clause read through the HTTP API of a `charter serve` running on the data folder: one request, without
 * loading the AWS SDK or opening the store, for commands that only read. Undefined whenever that is not
 * possible (no server, another stack configured, any failure), so the caller opens the stack as usual.
 */
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import type { ClauseRecord } from '../functions/core/editions/types.ts';
import type { ReviewFlag } from '../functions/core/reviews/types.ts';
import { stackConfig } from './config.ts';
import { isAlive, lockPath, readLock } from './lock.ts';

/** The clause's served texts (one per language) and its flags, as the store's readClause gives them. */
export interface ServedClause {
  records: Array<
    Pick<ClauseRecord, 'lang' | 'text' | 'confidence' | 'quality' | 'unknownWords' | 'version' | 'reviewed'>
  >;
  flags: ReviewFlag[];
}

/** How long a read through the server may take before the store is opened instead. */
const TIMEOUT_MS = 5000;

/** The clause from the data folder's running server, or undefined (see the module comment). */
export async function clauseFromServer(charter: string, clauseId: string): Promise<ServedClause | undefined> {
  if (process.env.CHARTER_NO_SERVER_READ) return undefined;
  try {
    const config = stackConfig();
    if (config.kind !== 'embedded') return undefined;
    const holder = readLock(lockPath(config.dataDir));
    if (!holder?.api || !isAlive(holder.pid)) return undefined;
    const token = readFileSync(holder.api.tokenFile, 'utf8').trim();
    const url = `${holder.api.url}/charters/${encodeURIComponent(charter)}/clauses/${encodeURIComponent(clauseId)}`;
    const { status, body: text } = await getText(url, token);
    if (status === 404) return { records: [], flags: [] };
    if (status !== 200) return undefined;
    const body = JSON.parse(text) as {
      languages: Record<string, Omit<ServedClause['records'][number], 'lang'>>;
      flags?: ReviewFlag[];
    };
    return {
      records: Object.entries(body.languages).map(([lang, served]) => ({ ...served, lang })),
      flags: body.flags ?? [],
    };
  } catch {
    return undefined;
  }
}

/** GET over node:http (fetch would load undici, several times the cost of this one request). */
function getText(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { headers: { authorization: `Bearer ${token}` }, timeout: TIMEOUT_MS },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}
