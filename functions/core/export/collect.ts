/** Gathers a charter's aligned record from the stores, for the export formatters. */
import type { EditionStore } from '../editions/types.ts';
import type { ExportClause, ExportFlag, ExportInput, ExportRecord } from './types.ts';

/** A flag as the review store keeps it: with its clause's canonical position and kind. */
export interface StoredFlag extends ExportFlag {
  kind?: string;
  order?: number;
  status?: string;
}

/** Where {@link collectExport} reads from. */
export interface CollectSources {
  editions: Pick<EditionStore, 'listEditions' | 'listEditionClauses'>;
  /** The charter's open flags; without it the export names no flags. */
  openFlags?: (charter: string) => Promise<readonly StoredFlag[]>;
  /**
   * The charter's clauses in canonical order (its structure). Without it the order is read from the stored
   * clauses and from missing-clause flags, so a clause that no edition has and no flag names is left out.
   */
  clauses?: readonly ExportClause[];
}

/**
 * The record of every edition with a current version, or null when the charter has none. The editions are
 * read in parallel; flags that are not open are left out.
 */
export async function collectExport(charter: string, sources: CollectSources): Promise<ExportInput | null> {
  const editions = (await sources.editions.listEditions(charter)).filter((e) => e.version > 0);
  if (editions.length === 0) return null;
  const [perEdition, flags] = await Promise.all([
    Promise.all(editions.map((e) => sources.editions.listEditionClauses(charter, e.lang))),
    sources.openFlags?.(charter) ?? [],
  ]);
  const stored = perEdition.flat();
  const open = flags.filter((f) => f.status === undefined || f.status === 'open');
  const records: ExportRecord[] = stored.map(({ clauseId, lang, text, confidence, quality, version }) => ({
    clauseId,
    lang,
    text,
    confidence,
    quality: quality ?? null,
    version,
  }));
  return {
    charter,
    clauses: sources.clauses ?? derivedOrder(stored, open),
    records,
    languages: editions.map((e) => e.lang),
    flags: open.map(({ id, clause, langs }) => ({ id, clause, langs })),
  };
}

/** Canonical order as the stored clauses and the missing-clause flags (which name real clauses) tell it. */
function derivedOrder(
  records: ReadonlyArray<{ clauseId: string; order: number }>,
  flags: readonly StoredFlag[],
): ExportClause[] {
  const order = new Map<string, number>();
  for (const r of records) if (!order.has(r.clauseId)) order.set(r.clauseId, r.order);
  for (const f of flags) {
    if (f.kind === 'missing-clause' && typeof f.order === 'number' && !order.has(f.clause)) {
      order.set(f.clause, f.order);
    }
  }
  return [...order]
    .map(([id, position]) => ({ id, order: position }))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
