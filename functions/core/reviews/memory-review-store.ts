import { FlagConflictError } from './errors.ts';
import { queueSortKey } from './flag-id.ts';
import { encodeCursor, queueWalk } from './queue-cursor.ts';
import type { FlagPage, FlagQuery, ReviewedClause, ReviewFlag, ReviewStore } from './types.ts';

/** A ReviewStore in memory, with the same ordering, paging and conditional writes as the DynamoDB one. */
export class MemoryReviewStore implements ReviewStore {
  readonly flags = new Map<string, ReviewFlag>();
  readonly reviewed = new Map<string, ReviewedClause>();
  private readonly charters = new Set<string>();

  async getFlag(id: string): Promise<ReviewFlag | null> {
    return clone(this.flags.get(id) ?? null);
  }

  async listCharterFlags(charter: string): Promise<ReviewFlag[]> {
    return this.sorted().filter((f) => f.charter === charter);
  }

  async listClauseFlags(charter: string, clauseId: string): Promise<ReviewFlag[]> {
    return this.sorted().filter((f) => f.charter === charter && f.clause === clauseId);
  }

  async queryFlags(query: FlagQuery): Promise<FlagPage> {
    const { statuses, startKey } = queueWalk(query.status, query.cursor);
    const flags: ReviewFlag[] = [];
    for (const [index, status] of statuses.entries()) {
      const after = index === 0 ? startKey?.sk : undefined;
      const candidates = this.sorted()
        .filter((f) => f.status === status)
        .filter((f) => !query.charter || f.charter === query.charter)
        .filter((f) => !query.lang || f.langs.includes(query.lang))
        .filter((f) => !query.kind || f.kind === query.kind)
        .filter((f) => after === undefined || queueSortKey(f) > after);
      for (const flag of candidates) {
        flags.push(flag);
        if (flags.length === query.limit) {
          const more =
            candidates.at(-1) !== flag || statuses.slice(index + 1).some((s) => this.hasAny(s, query));
          return { flags, cursor: more ? encodeCursor({ status, key: { sk: queueSortKey(flag) } }) : null };
        }
      }
    }
    return { flags, cursor: null };
  }

  async putFlag(flag: ReviewFlag, expectedRevision: number | null): Promise<void> {
    const stored = this.flags.get(flag.id);
    if ((stored?.revision ?? null) !== expectedRevision)
      throw new FlagConflictError(flag.id, expectedRevision);
    this.flags.set(flag.id, clone(flag));
  }

  async deleteFlag(id: string, expectedRevision: number): Promise<void> {
    if (this.flags.get(id)?.revision !== expectedRevision) throw new FlagConflictError(id, expectedRevision);
    this.flags.delete(id);
  }

  async saveReviewedClause(clause: ReviewedClause): Promise<void> {
    this.reviewed.set(`${clause.charter}|${clause.clauseId}|${clause.lang}`, { ...clause });
  }

  async listReviewedClauses(charter: string): Promise<ReviewedClause[]> {
    return [...this.reviewed.values()].filter((c) => c.charter === charter);
  }

  async getReviewedClauses(charter: string, clauseId: string): Promise<ReviewedClause[]> {
    return [...this.reviewed.values()].filter((c) => c.charter === charter && c.clauseId === clauseId);
  }

  async registerCharter(charter: string): Promise<void> {
    this.charters.add(charter);
  }

  async listCharters(): Promise<string[]> {
    return [...this.charters].sort();
  }

  private sorted(): ReviewFlag[] {
    return [...this.flags.values()]
      .map((f) => clone(f))
      .sort((a, b) => (queueSortKey(a) < queueSortKey(b) ? -1 : 1));
  }

  private hasAny(status: string, query: FlagQuery): boolean {
    return [...this.flags.values()].some(
      (f) =>
        f.status === status &&
        (!query.charter || f.charter === query.charter) &&
        (!query.lang || f.langs.includes(query.lang)) &&
        (!query.kind || f.kind === query.kind),
    );
  }
}

function clone<T>(value: T): T {
  return value === null ? value : structuredClone(value);
}
