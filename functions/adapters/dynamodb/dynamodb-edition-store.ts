import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StaleVersionError } from '../../core/editions/errors.ts';
import type { ClauseRecord, EditionRecord, EditionStore } from '../../core/editions/types.ts';
import { keys } from './table-schema.ts';

const WRITE_CONCURRENCY = 8;

/** EditionStore on the single clause table. Conditional writes only: dynalite has no transactions. */
export class DynamoDbEditionStore implements EditionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getEdition(charter: string, lang: string): Promise<EditionRecord | null> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: { ':pk': keys.charter(charter), ':sk': keys.edition(lang) },
        ConsistentRead: true,
      }),
    );
    return Items?.[0] ? toEdition(Items[0]) : null;
  }

  async listEditions(charter: string): Promise<EditionRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.charter(charter), ':sk': 'EDITION#' },
    });
    return items.map(toEdition);
  }

  async saveEdition(edition: EditionRecord, clauses: ClauseRecord[]): Promise<void> {
    await this.claimVersion({ ...edition, status: 'writing' });
    try {
      await mapLimited(clauses, WRITE_CONCURRENCY, (clause) => this.putClause(clause));
      const kept = new Set(clauses.map((c) => c.clauseId));
      const previous = await this.listEditionClauses(edition.charter, edition.lang);
      const stale = previous.filter((c) => !kept.has(c.clauseId) && c.version < edition.version);
      await mapLimited(stale, WRITE_CONCURRENCY, (clause) => this.deleteClause(clause, edition.version, '<'));
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.charter(edition.charter), SK: keys.edition(edition.lang) },
          UpdateExpression: 'SET #status = :aligned',
          ConditionExpression: 'version = :v',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':aligned': edition.status, ':v': edition.version },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A newer version claimed the edition while we wrote: take back what we wrote that it did not replace.
      await mapLimited(clauses, WRITE_CONCURRENCY, (clause) =>
        this.deleteClause(clause, clause.version, '='),
      );
      throw new StaleVersionError(edition.charter, edition.lang, edition.version);
    }
  }

  async markFailed(edition: EditionRecord): Promise<void> {
    await this.putEdition(
      edition,
      'attribute_not_exists(PK) OR version < :v OR (version = :v AND #status <> :aligned)',
      { ':v': edition.version, ':aligned': 'aligned' },
      { '#status': 'status' },
    );
  }

  async getClause(charter: string, clauseId: string): Promise<ClauseRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.clause(charter, clauseId), ':sk': 'LANG#' },
    });
    return items.map(toClause);
  }

  async listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.editionIndex(charter, lang) },
    });
    return items.map(toClause);
  }

  private async claimVersion(edition: EditionRecord): Promise<void> {
    // A re-run of the same version may re-claim it; an older version never overwrites a newer one.
    await this.putEdition(
      edition,
      'attribute_not_exists(PK) OR version < :v OR (version = :v AND sourceEtag = :etag)',
      { ':v': edition.version, ':etag': edition.sourceEtag },
    );
  }

  /** Puts the edition item if `condition` holds; a failed condition means a newer version is stored. */
  private async putEdition(
    edition: EditionRecord,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<void> {
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: editionItem(edition),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      )
      .catch(rethrowStale(edition));
  }

  private async putClause(clause: ClauseRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: keys.clause(clause.charter, clause.clauseId),
          SK: keys.clauseLang(clause.lang),
          GSI1PK: keys.editionIndex(clause.charter, clause.lang),
          GSI1SK: keys.order(clause.order),
          ...clause,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR version <= :v',
        ExpressionAttributeValues: { ':v': clause.version },
      }),
    );
  }

  /** Deletes a clause item if its version is below (`<`) or equal to (`=`) `version`. */
  private async deleteClause(clause: ClauseRecord, version: number, comparison: '<' | '='): Promise<void> {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.clause(clause.charter, clause.clauseId), SK: keys.clauseLang(clause.lang) },
          ConditionExpression: `version ${comparison} :v`,
          ExpressionAttributeValues: { ':v': version },
        }),
      )
      .catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

function editionItem(edition: EditionRecord) {
  return { PK: keys.charter(edition.charter), SK: keys.edition(edition.lang), ...edition };
}

function toEdition(item: Record<string, unknown>): EditionRecord {
  const { PK: _pk, SK: _sk, ...rest } = item;
  return rest as unknown as EditionRecord;
}

function toClause(item: Record<string, unknown>): ClauseRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, ...rest } = item;
  return rest as unknown as ClauseRecord;
}

function rethrowStale(record: { charter: string; lang: string; version: number }) {
  return (error: unknown): never => {
    if (error instanceof ConditionalCheckFailedException) {
      throw new StaleVersionError(record.charter, record.lang, record.version);
    }
    throw error;
  };
}

async function mapLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
