import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EditionError } from '../../core/editions/errors.ts';
import type { ClauseRecord, ClauseStore } from '../../core/editions/types.ts';
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
}

/**
 * ClauseStore on the single table. Each language answers from its edition's current version only: the
 * clause items of every version are compared with the edition items' `version` pointers.
 */
export class DynamoDbClauseStore implements ClauseStore {
  private readonly table: DynamoDbTable;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(client: DynamoDBClient, tableName: string, options: ClauseReadOptions = {}) {
    this.table = new DynamoDbTable(client, tableName);
    this.retries = options.retries ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 40;
  }

  /**
   * One clause in every language: one Query on the clause's partition and one on the charter's edition
   * pointers, run in parallel. If a version change fell between the two (a language has clause items but none
   * of its current version), both are read again, a few times at most.
   */
  async getClause(charter: string, clauseId: string): Promise<ClauseRecord[]> {
    for (let attempt = 0; ; attempt++) {
      const [items, editions] = await Promise.all([
        this.table.queryAll({
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.clause(charter, clauseId), ':sk': 'LANG#' },
          ConsistentRead: true,
        }),
        this.table.editionItems(charter),
      ]);
      const current = new Map(editions.map((e) => [String(e.lang), currentVersion(e)]));
      const byLang = new Map<string, ClauseRecord[]>();
      for (const item of items) {
        const clause = toClause(item);
        byLang.set(clause.lang, [...(byLang.get(clause.lang) ?? []), clause]);
      }
      const found: ClauseRecord[] = [];
      let consistent = true;
      for (const [lang, versions] of byLang) {
        const version = current.get(lang) ?? 0;
        const hit = versions.find((c) => c.version === version);
        // Items of other versions but none of the current one: the pointer moved between the two reads (or old
        // garbage is left, which a retry cannot change). Before a first version there is nothing to find.
        if (hit) found.push(hit);
        else if (version > 0) consistent = false;
      }
      if (consistent || attempt >= this.retries) return found.sort((a, b) => a.lang.localeCompare(b.lang));
      await sleep(this.retryDelayMs * (attempt + 1));
    }
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
      const items = await this.table.queryAll({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :v)',
        ExpressionAttributeValues: {
          ':pk': keys.editionIndex(charter, lang),
          ':v': keys.versionPrefix(version),
        },
      });
      if (items.length >= Number(edition?.clauseCount ?? 0)) return items.map(toClause);
      if (attempt >= this.retries) {
        throw new EditionError(
          `edition ${charter}/${lang} version ${version}: read ${items.length} of ${edition?.clauseCount} clauses; try again`,
        );
      }
      await sleep(this.retryDelayMs * (attempt + 1));
    }
  }
}

/** The clause record of a clause item; an item written before text quality was measured reads as quality null. */
export function toClause(item: Record<string, unknown>): ClauseRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...rest } = item;
  return {
    ...rest,
    quality: typeof rest.quality === 'number' ? rest.quality : null,
  } as unknown as ClauseRecord;
}
