import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { FlagConflictError, InvalidCursorError } from '../../core/reviews/errors.ts';
import { parseFlagId, queueSortKey } from '../../core/reviews/flag-id.ts';
import { encodeCursor, QUEUE_STATUSES, queueWalk } from '../../core/reviews/queue-cursor.ts';
import type {
  FlagPage,
  FlagQuery,
  FlagStatus,
  ReviewedClause,
  ReviewFlag,
  ReviewStore,
} from '../../core/reviews/types.ts';
import { keys } from './table-schema.ts';

/** Sort-key prefixes of the review items in a clause's partition. */
export const FLAG_PREFIX = 'FLAG#';
export const REVIEWED_PREFIX = 'REVIEWED#';

/** GSI1 partition of a charter's reviewed clause texts (sort key `<lang>#<clause>`). */
export const reviewedIndexKey = (charter: string) => `CHARTER#${charter}#REVIEWED`;

/**
 * Item keys of the review items (besides those of table-schema.ts):
 *
 * | item             | PK                       | SK                      | index keys                                        |
 * |------------------|--------------------------|-------------------------|---------------------------------------------------|
 * | review flag      | CHARTER#<c>#CLAUSE#<id>  | FLAG#<lang+lang>#<kind> | ReviewStatus REVIEW#<status> / ReviewSK (queue)    |
 * | reviewed clause  | CHARTER#<c>#CLAUSE#<id>  | REVIEWED#<lang>         | GSI1 CHARTER#<c>#REVIEWED / <lang>#<clause>        |
 * | charter catalogue| CHARTERS                 | CHARTER#<c>             |                                                   |
 */
const reviewKeys = {
  flagSk: (flag: Pick<ReviewFlag, 'langs' | 'kind'>) => keys.flag(flag.langs.join('+'), flag.kind),
  queue: (status: FlagStatus) => `REVIEW#${status}`,
  charterQueuePrefix: (charter: string) => `CHARTER#${charter}#`,
  reviewedSk: (lang: string) => `${REVIEWED_PREFIX}${lang}`,
  reviewedIndex: reviewedIndexKey,
  catalogue: 'CHARTERS',
};
const KEY_ATTRIBUTES = ['PK', 'SK', 'ReviewStatus', 'ReviewSK', 'GSI1PK', 'GSI1SK'];

/** ReviewStore on the single clause table: flags beside their clause, the queue on the sparse ReviewQueue index. */
export class DynamoDbReviewStore implements ReviewStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getFlag(id: string): Promise<ReviewFlag | null> {
    const parts = parseFlagId(id);
    if (!parts) return null;
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: keys.clause(parts.charter, parts.clause), SK: reviewKeys.flagSk(parts) },
        ConsistentRead: true,
      }),
    );
    return Item ? toFlag(Item) : null;
  }

  async listCharterFlags(charter: string): Promise<ReviewFlag[]> {
    const flags: ReviewFlag[] = [];
    for (const status of QUEUE_STATUSES) {
      const items = await this.queryAll({
        IndexName: 'ReviewQueue',
        KeyConditionExpression: 'ReviewStatus = :s AND begins_with(ReviewSK, :prefix)',
        ExpressionAttributeValues: {
          ':s': reviewKeys.queue(status),
          ':prefix': reviewKeys.charterQueuePrefix(charter),
        },
      });
      flags.push(...items.map(toFlag));
    }
    return flags.sort((a, b) => (queueSortKey(a) < queueSortKey(b) ? -1 : 1));
  }

  async listClauseFlags(charter: string, clauseId: string): Promise<ReviewFlag[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.clause(charter, clauseId), ':sk': FLAG_PREFIX },
    });
    return items.map(toFlag).sort((a, b) => (queueSortKey(a) < queueSortKey(b) ? -1 : 1));
  }

  async queryFlags(query: FlagQuery): Promise<FlagPage> {
    const { statuses, startKey } = queueWalk(query.status, query.cursor);
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (query.lang) {
      filters.push('contains(langs, :lang)');
      values[':lang'] = query.lang;
    }
    if (query.kind) {
      filters.push('#kind = :kind');
      values[':kind'] = query.kind;
    }
    const flags: ReviewFlag[] = [];
    for (const [index, status] of statuses.entries()) {
      let exclusiveStartKey: Record<string, unknown> | undefined =
        index === 0 && startKey ? checkedStartKey(startKey, status) : undefined;
      do {
        const remaining = query.limit - flags.length;
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'ReviewQueue',
            KeyConditionExpression: query.charter
              ? 'ReviewStatus = :s AND begins_with(ReviewSK, :prefix)'
              : 'ReviewStatus = :s',
            FilterExpression: filters.length ? filters.join(' AND ') : undefined,
            ExpressionAttributeNames: query.kind ? { '#kind': 'kind' } : undefined,
            ExpressionAttributeValues: {
              ':s': reviewKeys.queue(status),
              ...(query.charter ? { ':prefix': reviewKeys.charterQueuePrefix(query.charter) } : {}),
              ...values,
            },
            // The limit applies before the filter: when filtering, read in larger pages (fewer round trips).
            // Unfiltered, one more than needed tells whether another page follows.
            Limit: filters.length ? Math.max(remaining * 4, 250) : remaining + 1,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        );
        const items = page.Items ?? [];
        const taken = items.slice(0, remaining);
        flags.push(...taken.map(toFlag));
        if (flags.length === query.limit) {
          const last = taken.at(-1)!;
          const exhausted =
            taken.length === items.length && !page.LastEvaluatedKey && index === statuses.length - 1;
          return {
            flags,
            cursor: exhausted ? null : encodeCursor({ status, key: pickKeys(last) }),
          };
        }
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey);
    }
    return { flags, cursor: null };
  }

  async putFlag(flag: ReviewFlag, expectedRevision: number | null): Promise<void> {
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            PK: keys.clause(flag.charter, flag.clause),
            SK: reviewKeys.flagSk(flag),
            ReviewStatus: reviewKeys.queue(flag.status),
            ReviewSK: queueSortKey(flag),
            ...flag,
          },
          ...(expectedRevision === null
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : {
                ConditionExpression: '#revision = :r',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':r': expectedRevision },
              }),
        }),
      )
      .catch(conflictFor(flag.id, expectedRevision));
  }

  async deleteFlag(id: string, expectedRevision: number): Promise<void> {
    const parts = parseFlagId(id);
    if (!parts) throw new FlagConflictError(id, expectedRevision);
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.clause(parts.charter, parts.clause), SK: reviewKeys.flagSk(parts) },
          ConditionExpression: '#revision = :r',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':r': expectedRevision },
        }),
      )
      .catch(conflictFor(id, expectedRevision));
  }

  async saveReviewedClause(clause: ReviewedClause): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: keys.clause(clause.charter, clause.clauseId),
          SK: reviewKeys.reviewedSk(clause.lang),
          GSI1PK: reviewKeys.reviewedIndex(clause.charter),
          GSI1SK: `${clause.lang}#${clause.clauseId}`,
          ...clause,
        },
      }),
    );
  }

  async listReviewedClauses(charter: string): Promise<ReviewedClause[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': reviewKeys.reviewedIndex(charter) },
    });
    return items.map(toReviewed);
  }

  async getReviewedClauses(charter: string, clauseId: string): Promise<ReviewedClause[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.clause(charter, clauseId), ':sk': REVIEWED_PREFIX },
    });
    return items.map(toReviewed);
  }

  async registerCharter(charter: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: reviewKeys.catalogue, SK: keys.charter(charter), charter },
      }),
    );
  }

  async listCharters(): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': reviewKeys.catalogue },
    });
    return items.map((item) => String(item.charter));
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
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

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name)));
}

/** The flag of a flag item. */
export function toFlag(item: Record<string, unknown>): ReviewFlag {
  return stripKeys(item) as unknown as ReviewFlag;
}

/** The reviewed clause of a reviewed-clause item. */
export function toReviewed(item: Record<string, unknown>): ReviewedClause {
  return stripKeys(item) as unknown as ReviewedClause;
}

function pickKeys(item: Record<string, unknown>): Record<string, string> {
  return {
    PK: String(item.PK),
    SK: String(item.SK),
    ReviewStatus: String(item.ReviewStatus),
    ReviewSK: String(item.ReviewSK),
  };
}

/** A cursor's key must be a ReviewQueue key of the status it names; anything else is not ours. */
function checkedStartKey(key: Record<string, string>, status: FlagStatus): Record<string, string> {
  const names = Object.keys(key).sort().join(',');
  if (names !== 'PK,ReviewSK,ReviewStatus,SK' || key.ReviewStatus !== reviewKeys.queue(status)) {
    throw new InvalidCursorError();
  }
  return key;
}

function conflictFor(id: string, expectedRevision: number | null) {
  return (error: unknown): never => {
    if (error instanceof ConditionalCheckFailedException) throw new FlagConflictError(id, expectedRevision);
    throw error;
  };
}
