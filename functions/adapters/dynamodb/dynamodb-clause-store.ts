import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EditionError } from '../../core/editions/errors.ts';
import type { ClauseRecord, ClauseStore } from '../../core/editions/types.ts';
import { queueSortKey } from '../../core/reviews/flag-id.ts';
import { applyCorrections } from '../../core/reviews/record.ts';
import type { ClauseReadout, ReviewedClause, ReviewFlag } from '../../core/reviews/types.ts';
import {
  FLAG_PREFIX,
  REVIEWED_PREFIX,
  reviewedIndexKey,
  toFlag,
  toReviewed,
} from './dynamodb-review-store.ts';
import { currentVersion, DynamoDbTable, sleep } from './dynamodb-table.ts';
import { keys } from './table-schema.ts';

export interface ClauseReadOptions {
  /**
   * Reads again this many times (default 4) when a concurrent version change, or GSI propagation lag on AWS,
   * made a read inconsistent. Consistent reads never wait.
   */
  retries?: number;
  /** Wait before the n-th retry: n times this many milliseconds (default 40, so 400 ms in all). */
  retryDelayMs?: number;
  /**
   * How long a charter's edition pointers, once read, decide which version a clause read serves (default
   * 2,000 ms). A version made current meanwhile is served at most this much later.
   */
  pointerTtlMs?: number;
}

/** A charter's edition pointers (lang -> current version) and when they were read. */
interface Pointers {
  versions: Map<string, number>;
  readAt: number;
}

/**
 * ClauseStore on the single table, serving the record: each language answers from its edition's current
 * version only, with the reviewers' corrections in force laid over the OCR texts (functions/core/reviews/record.ts).
 */
export class DynamoDbClauseStore implements ClauseStore {
  private readonly table: DynamoDbTable;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly pointerTtlMs: number;
  private readonly pointers = new Map<string, Pointers>();

  constructor(client: DynamoDBClient, tableName: string, options: ClauseReadOptions = {}) {
    this.table = new DynamoDbTable(client, tableName);
    this.retries = options.retries ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 40;
    this.pointerTtlMs = options.pointerTtlMs ?? 2000;
  }

  /** One clause in every language that has it, corrections in force applied (see {@link readClause}). */
  async getClause(charter: string, clauseId: string): Promise<ClauseRecord[]> {
    return (await this.readClause(charter, clauseId)).records;
  }

  /**
   * One clause whole: one Query on its partition, which holds its texts (every language and version), its
   * flags and its reviewed texts. Which version of a language is current comes from the charter's edition
   * pointers, cached for `pointerTtlMs`: with them cached the read is that one Query; otherwise the pointers are
   * read in parallel (one more Query) and cached. A pick the pointers cannot make (a language holding items but
   * none of its version: a version change fell between the reads) reads the pointers again, then both, a few
   * times at most.
   */
  async readClause(charter: string, clauseId: string): Promise<ClauseReadout> {
    for (let attempt = 0; ; attempt++) {
      const cached = this.cachedPointers(charter);
      const [items, read] = await Promise.all([
        this.table.queryAll({
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.clause(charter, clauseId) },
          ConsistentRead: true,
        }),
        cached ?? this.readPointers(charter),
      ]);
      let pointers = read;
      const byLang = new Map<string, ClauseRecord[]>();
      const flags: ReviewFlag[] = [];
      const reviewed: ReviewedClause[] = [];
      for (const item of items) {
        const sk = String(item.SK);
        if (sk.startsWith(FLAG_PREFIX)) flags.push(toFlag(item));
        else if (sk.startsWith(REVIEWED_PREFIX)) reviewed.push(toReviewed(item));
        else if (sk.startsWith('LANG#')) {
          const clause = toClause(item);
          byLang.set(clause.lang, [...(byLang.get(clause.lang) ?? []), clause]);
        }
      }
      let picked = pickVersions(byLang, pointers.versions, { fresh: !cached });
      if (!picked && cached) {
        // The cache is older than the partition read: fresh pointers may settle it.
        pointers = await this.readPointers(charter);
        picked = pickVersions(byLang, pointers.versions, { fresh: true });
      }
      if (picked || attempt >= this.retries) {
        const found = picked ?? pickVersions(byLang, pointers.versions, { fresh: true, lenient: true })!;
        const records = applyCorrections(found, reviewed, (lang) => pointers.versions.get(lang)).sort(
          (a, b) => a.lang.localeCompare(b.lang),
        );
        return { records, flags: flags.sort(byQueueOrder), reviewed };
      }
      // The pointers moved between the two reads: read both again.
      this.forgetPointers(charter);
      await sleep(this.retryDelayMs * (attempt + 1));
    }
  }

  /** Forgets a charter's cached edition pointers (after this process moved one). */
  forgetPointers(charter: string): void {
    this.pointers.delete(charter);
  }

  private cachedPointers(charter: string): Pointers | undefined {
    const cached = this.pointers.get(charter);
    return cached && Date.now() - cached.readAt < this.pointerTtlMs ? cached : undefined;
  }

  private async readPointers(charter: string): Promise<Pointers> {
    const editions = await this.table.editionItems(charter);
    const pointers = {
      versions: new Map(editions.map((e) => [String(e.lang), currentVersion(e)])),
      readAt: Date.now(),
    };
    this.pointers.set(charter, pointers);
    return pointers;
  }

  /**
   * The current version of an edition in canonical order: one read of its pointer and one Query on GSI1. The
   * pointer's clause count tells a complete read from one cut short by a concurrent clean-up or index lag;
   * such a read is repeated, and after the retries fails rather than return a partial edition.
   */
  async listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]> {
    for (let attempt = 0; ; attempt++) {
      const edition = await this.table.editionItem(charter, lang);
      const version = currentVersion(edition);
      if (version === 0) return [];
      const [items, reviewed] = await Promise.all([
        this.table.queryAll({
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :v)',
          ExpressionAttributeValues: {
            ':pk': keys.editionIndex(charter, lang),
            ':v': keys.versionPrefix(version),
          },
        }),
        this.table.queryAll({
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :lang)',
          ExpressionAttributeValues: { ':pk': reviewedIndexKey(charter), ':lang': `${lang}#` },
        }),
      ]);
      if (items.length >= Number(edition?.clauseCount ?? 0)) {
        return applyCorrections(items.map(toClause), reviewed.map(toReviewed), () => version).sort(
          (a, b) => a.order - b.order,
        );
      }
      if (attempt >= this.retries) {
        throw new EditionError(
          `edition ${charter}/${lang} version ${version}: read ${items.length} of ${edition?.clauseCount} clauses; try again`,
        );
      }
      await sleep(this.retryDelayMs * (attempt + 1));
    }
  }
}

/**
 * For each language of a clause's items, the item of its current version (the pointer's). A language with
 * items but none of its version makes the pick fail, and so does one without a pointer unless the pointers are
 * `fresh` (its edition may have been made since they were cached). `lenient` leaves such languages out instead.
 * Before a first version (pointer 0) a language has nothing to serve.
 */
function pickVersions(
  byLang: ReadonlyMap<string, ClauseRecord[]>,
  versions: ReadonlyMap<string, number>,
  { fresh = false, lenient = false }: { fresh?: boolean; lenient?: boolean } = {},
): ClauseRecord[] | null {
  const found: ClauseRecord[] = [];
  for (const [lang, records] of byLang) {
    if (!versions.has(lang) && !fresh && !lenient) return null;
    const version = versions.get(lang) ?? 0;
    const hit = records.find((c) => c.version === version);
    if (hit) found.push(hit);
    else if (version > 0 && !lenient) return null;
  }
  return found;
}

function byQueueOrder(a: ReviewFlag, b: ReviewFlag): number {
  return queueSortKey(a) < queueSortKey(b) ? -1 : 1;
}

/** The clause record of a clause item; an item written before text quality was measured reads as quality null. */
export function toClause(item: Record<string, unknown>): ClauseRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...rest } = item;
  return {
    ...rest,
    quality: typeof rest.quality === 'number' ? rest.quality : null,
  } as unknown as ClauseRecord;
}
