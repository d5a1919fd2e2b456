import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EditionRecord } from '../../core/editions/types.ts';
import { keys } from './table-schema.ts';

type Item = Record<string, unknown>;
type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

const BATCH_SIZE = 25;
const BATCH_RETRIES = 8;

/** The single table through the document client: paged queries, batched writes, edition pointers. */
export class DynamoDbTable {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Every item a query matches, following `LastEvaluatedKey`. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** Puts or deletes items 25 at a time, retrying what DynamoDB leaves unprocessed. */
  async batchWrite(requests: WriteRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_SIZE) {
      let pending: WriteRequest[] = requests.slice(start, start + BATCH_SIZE);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === BATCH_RETRIES)
          throw new Error(`${pending.length} writes left unprocessed by DynamoDB`);
        if (attempt > 0) await sleep(25 * 2 ** attempt);
        const { UnprocessedItems } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.name]: pending } }),
        );
        pending = UnprocessedItems?.[this.name] ?? [];
      }
    }
  }

  /** The edition item (strongly consistent), or null. */
  async editionItem(charter: string, lang: string): Promise<Item | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.name,
        Key: { PK: keys.charter(charter), SK: keys.edition(lang) },
        ConsistentRead: true,
      }),
    );
    return Item ?? null;
  }

  /** Every edition item of a charter (strongly consistent): one Query. */
  async editionItems(charter: string): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.charter(charter), ':sk': 'EDITION#' },
      ConsistentRead: true,
    });
  }
}

/**
 * The edition record of an edition item, or null for an item that only holds reserved version numbers (an
 * upload that never got as far as a decision).
 */
export function toEdition(item: Item | null): EditionRecord | null {
  if (!item || typeof item.status !== 'string') return null;
  const { PK: _pk, SK: _sk, lastVersion: _last, decidedVersion: _decided, ...rest } = item;
  return {
    version: 0,
    sourceKey: '',
    sourceEtag: '',
    detectedLang: null,
    clauseCount: 0,
    changeCount: 0,
    meanConfidence: 0,
    // Items written before text quality was measured have none: unknown.
    meanQuality: null,
    ...rest,
    // Items written before residue carried its place hold plain strings.
    residue: Array.isArray(rest.residue)
      ? rest.residue.map((entry: unknown) => (typeof entry === 'string' ? { text: entry } : entry))
      : [],
  } as unknown as EditionRecord;
}

/** The current version of an edition item; 0 when it has none. */
export function currentVersion(item: Item | null | undefined): number {
  return typeof item?.version === 'number' ? item.version : 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
