/** Gathers a charter's aligned record from the stores, for the export formatters. */
import type { EditionStore } from '../editions/types.ts';
import type { AcceptedDivergence, ExportClause, ExportFlag, ExportInput, ExportRecord } from './types.ts';

/** A flag as the review store keeps it: with its clause's canonical position, kind, status and history. */
export interface StoredFlag extends ExportFlag {
  kind?: string;
  order?: number;
  status?: string;
  resolvedAt?: string;
  history?: ReadonlyArray<{ status: string; by: string; at: string; note: string }>;
}

/** Where {@link collectExport} reads from. */
export interface CollectSources {
  editions: Pick<EditionStore, 'listEditions' | 'listEditionClauses'>;
  /**
   * The charter's flags (any status: open ones are named on their clause, accepted ones noted); without it the
   * export names no flags.
   */
  openFlags?: (charter: string) => Promise<readonly StoredFlag[]>;
  /**
   * The charter's clauses in canonical order (its structure). Without it the order is read from the stored
   * clauses and from missing-clause flags, so a clause that no edition has and no flag names is left out.
   */
  clauses?: readonly ExportClause[];
}

/**
 * The record of every edition with a current version, or null when the charter has none: the served texts
 * (reviewers' corrections in force, marked `reviewed`). The editions are read in parallel. Open flags are
 * named on their clause; divergences accepted as real (and still detected) are kept as notes; other flags are
 * left out.
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
  const records: ExportRecord[] = stored.map(
    ({ clauseId, lang, text, confidence, quality, version, reviewed }) => ({
      clauseId,
      lang,
      text,
      confidence,
      quality: quality ?? null,
      version,
      ...(reviewed ? { reviewed } : {}),
    }),
  );
  const accepted = flags.flatMap((f): AcceptedDivergence[] => {
    if (f.status !== 'accepted' || f.resolvedAt) return [];
    const decision = [...(f.history ?? [])].reverse().find((h) => h.status === 'accepted');
    return [
      {
        id: f.id,
        clause: f.clause,
        langs: f.langs,
        kind: f.kind ?? '',
        note: decision?.note ?? '',
        by: decision?.by ?? '',
        at: decision?.at ?? '',
      },
    ];
  });
  return {
    charter,
    clauses: sources.clauses ?? derivedOrder(stored, open),
    records,
    languages: editions.map((e) => e.lang),
    flags: open.map(({ id, clause, langs }) => ({ id, clause, langs })),
    ...(accepted.length ? { accepted } : {}),
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
