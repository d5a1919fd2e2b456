/**
 * A charter's canonical clause order, read from `corpus/charters/<charter>/structure.json` for the api, which
 * carries the charters beside its bundle but not the schema validation (ajv) of charters.ts: the structure was
 * validated when it was loaded for ingest, and only the clause ids and their order are taken here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportClause } from '../../core/export/types.ts';
import { projectRoot } from './project-root.ts';

/** Where the charters are: `corpus/charters` under the project root (CHARTER_ROOT in a bundle). */
export const chartersFolder = join(projectRoot, 'corpus', 'charters');

/**
 * The clauses of `charter` in canonical order, or null when it has no readable structure with clause ids under
 * `root`. `charter` must be a single path segment (the api's id pattern ensures it).
 */
export async function loadClauseOrder(
  charter: string,
  root = chartersFolder,
): Promise<ExportClause[] | null> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(charter)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(root, charter, 'structure.json'), 'utf8'));
  } catch {
    return null;
  }
  const clauses = (raw as { clauses?: unknown } | null)?.clauses;
  if (!Array.isArray(clauses) || clauses.length === 0) return null;
  const ids = clauses.map((clause) => (clause as { id?: unknown } | null)?.id);
  if (!ids.every((id): id is string => typeof id === 'string' && id.length > 0)) return null;
  return ids.map((id, order) => ({ id, order }));
}

/** {@link loadClauseOrder} remembered per charter: structures change only with a new deployment. */
export function cachedClauseOrder(
  root = chartersFolder,
): (charter: string) => Promise<ExportClause[] | null> {
  const cache = new Map<string, Promise<ExportClause[] | null>>();
  return (charter) => {
    let loading = cache.get(charter);
    if (!loading) {
      loading = loadClauseOrder(charter, root);
      cache.set(charter, loading);
    }
    return loading;
  };
}
