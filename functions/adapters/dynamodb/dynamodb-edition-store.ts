import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StaleVersionError } from '../../core/editions/errors.ts';
import type {
  ClauseRecord,
  EditionRecord,
  EditionResidue,
  EditionStore,
  EditionVersion,
  SaveOptions,
} from '../../core/editions/types.ts';
import type { ClauseReadout } from '../../core/reviews/types.ts';
import { type ClauseReadOptions, DynamoDbClauseStore } from './dynamodb-clause-store.ts';
import { currentVersion, DynamoDbTable, toEdition } from './dynamodb-table.ts';
import { keys, TABLE_SCHEMA } from './table-schema.ts';

/**
 * EditionStore on the single table, with conditional writes only (dynalite has no transactions). A version's
 * clauses are written under their own sort keys, the edition item's `version` pointer is then moved by one
 * conditional update, and the older versions are deleted. A crash before the move leaves nothing visible; a
 * crash after it leaves garbage that the next move deletes. The clause reads are those of `DynamoDbClauseStore`.
 */
export class DynamoDbEditionStore implements EditionStore {
  private readonly table: DynamoDbTable;
  private readonly clauses: DynamoDbClauseStore;

  /** The clock kept versions expire by. */
  private readonly now: () => Date;

  constructor(
    client: DynamoDBClient,
    tableName: string,
    options: ClauseReadOptions & { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.table = new DynamoDbTable(client, tableName);
    this.clauses = new DynamoDbClauseStore(client, tableName, options);
  }

  async getEdition(charter: string, lang: string): Promise<EditionRecord | null> {
    return toEdition(await this.table.editionItem(charter, lang));
  }

  async listEditions(charter: string): Promise<EditionRecord[]> {
    const items = await this.table.editionItems(charter);
    return items.map(toEdition).filter((edition) => edition !== null);
  }

  async nextVersion(charter: string, lang: string): Promise<number> {
    // An atomic counter; bumped again if versions were saved without reserving them (decidedVersion ahead).
    let step = 1;
    for (;;) {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { PK: keys.charter(charter), SK: keys.edition(lang) },
          UpdateExpression: 'ADD lastVersion :step',
          ExpressionAttributeValues: { ':step': step },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const reserved = Number(Attributes?.lastVersion);
      const floor = Math.max(Number(Attributes?.decidedVersion ?? 0), currentVersion(Attributes));
      if (reserved > floor) return reserved;
      step = floor - reserved + 1;
    }
  }

  async saveEdition(
    edition: EditionRecord,
    clauses: ClauseRecord[],
    options: SaveOptions = {},
  ): Promise<void> {
    const { charter, lang, version } = edition;
    const unique = [...new Map(clauses.map((c) => [c.clauseId, { ...c, charter, lang, version }])).values()];
    await this.table.batchWrite(unique.map((clause) => ({ PutRequest: { Item: clauseItem(clause) } })));
    try {
      await this.movePointer({ ...edition, status: 'aligned', clauseCount: unique.length }, options);
      this.clauses.forgetPointers(charter);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A newer upload was decided meanwhile: take back this version's clauses, unless it is current.
      if (currentVersion(await this.table.editionItem(charter, lang)) !== version) {
        await this.deleteVersions(charter, lang, { only: version });
      }
      throw new StaleVersionError(charter, lang, version);
    }
    await this.deleteVersions(charter, lang, { below: version });
  }

  async markFailed(edition: EditionRecord): Promise<void> {
    await this.table.doc
      .send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { PK: keys.charter(edition.charter), SK: keys.edition(edition.lang) },
          UpdateExpression:
            'SET charter = :charter, lang = :lang, #status = :failed, decidedVersion = :v, #error = :error, ' +
            'failedKey = :key, failedEtag = :etag, updatedAt = :at',
          ConditionExpression:
            '(attribute_not_exists(decidedVersion) OR decidedVersion < :v OR ' +
            `(decidedVersion = :v AND #status = :failed))${edition.sourceOrder ? ` AND ${NOT_NEWER_UPLOAD}` : ''}`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#error': 'error',
            ...(edition.sourceOrder ? { '#sourceOrder': 'sourceOrder' } : {}),
          },
          ExpressionAttributeValues: {
            ...(edition.sourceOrder ? { ':order': edition.sourceOrder } : {}),
            ':charter': edition.charter,
            ':lang': edition.lang,
            ':failed': 'failed',
            ':v': edition.version,
            ':error': edition.error ?? 'failed',
            ':key': edition.sourceKey,
            ':etag': edition.sourceEtag,
            ':at': edition.updatedAt,
          },
        }),
      )
      .catch(staleVersionFor(edition));
  }

  async recordCandidate(edition: EditionRecord, version: EditionVersion): Promise<void> {
    const order = edition.sourceOrder;
    await this.table.doc
      .send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { PK: keys.charter(edition.charter), SK: keys.edition(edition.lang) },
          UpdateExpression:
            'SET charter = :charter, lang = :lang, #status = if_not_exists(#status, :candidate), ' +
            'candidate = :summary, decidedVersion = :v, updatedAt = :at',
          ConditionExpression:
            '((attribute_not_exists(decidedVersion) OR decidedVersion < :v) AND ' +
            '(attribute_not_exists(candidate.sourceOrder) OR candidate.sourceOrder <> :candidateOrder)' +
            `${order ? ` AND ${NOT_NEWER_UPLOAD}` : ''}) OR (decidedVersion = :v AND candidate.#version = :v)`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#version': 'version',
            ...(order ? { '#sourceOrder': 'sourceOrder' } : {}),
          },
          ExpressionAttributeValues: {
            ...(order ? { ':order': order } : {}),
            ':charter': edition.charter,
            ':lang': edition.lang,
            ':candidate': 'candidate',
            ':candidateOrder': order ?? '',
            ':summary': edition.candidate,
            ':v': edition.version,
            ':at': edition.updatedAt,
          },
        }),
      )
      .catch(staleVersionFor(edition));
    await this.keepVersion(version);
  }

  async keepVersion(version: EditionVersion): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          PK: keys.charter(version.charter),
          SK: keys.keptVersion(version.lang, version.version),
          ...version,
        },
      }),
    );
  }

  async listVersions(charter: string, lang: string): Promise<EditionVersion[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      // Past its TTL an item is gone, whether or not DynamoDB has deleted it yet (DynamoDB Local never does).
      FilterExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
      ExpressionAttributeNames: { '#ttl': TABLE_SCHEMA.timeToLiveAttribute },
      ExpressionAttributeValues: {
        ':pk': keys.charter(charter),
        ':sk': keys.keptVersions(lang),
        ':now': Math.floor(this.now().getTime() / 1000),
      },
      ConsistentRead: true,
      ScanIndexForward: false,
    });
    return items.map(({ PK: _pk, SK: _sk, ...rest }) => rest as unknown as EditionVersion);
  }

  getClause(charter: string, clauseId: string): Promise<ClauseRecord[]> {
    return this.clauses.getClause(charter, clauseId);
  }

  /** One clause whole (texts served as the record, flags, reviewed texts) in one Query: see DynamoDbClauseStore. */
  readClause(charter: string, clauseId: string): Promise<ClauseReadout> {
    return this.clauses.readClause(charter, clauseId);
  }

  listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]> {
    return this.clauses.listEditionClauses(charter, lang);
  }

  /**
   * The one write that makes a version current: it succeeds unless a newer upload was decided, or (for a
   * re-run of this version) the version is current with other content.
   */
  private async movePointer(edition: EditionRecord, options: SaveOptions): Promise<void> {
    const { PK: _pk, SK: _sk, ...fields } = editionFields(edition);
    const names = Object.keys(fields);
    // The current version must come from an older upload (or, when allowed, the same one).
    const order = edition.sourceOrder
      ? ` AND (attribute_not_exists(#sourceOrder) OR #sourceOrder ${options.sameUpload ? '<=' : '<'} :sourceOrder)`
      : '';
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { PK: keys.charter(edition.charter), SK: keys.edition(edition.lang) },
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, decidedVersion = :version REMOVE #error, failedKey, failedEtag, candidate`,
        ConditionExpression:
          `${order ? `((attribute_not_exists(decidedVersion) OR decidedVersion < :version)${order})` : 'attribute_not_exists(decidedVersion) OR decidedVersion < :version'} OR ` +
          '(decidedVersion = :version AND #version = :version AND #sourceEtag = :sourceEtag)',
        ExpressionAttributeNames: Object.fromEntries([...names, 'error'].map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
      }),
    );
  }

  /** Deletes the clause items of one version, or of every version below one. */
  private async deleteVersions(
    charter: string,
    lang: string,
    which: { only: number } | { below: number },
  ): Promise<void> {
    const items = await this.table.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression:
        'only' in which ? 'GSI1PK = :pk AND begins_with(GSI1SK, :v)' : 'GSI1PK = :pk AND GSI1SK < :v',
      ExpressionAttributeValues: {
        ':pk': keys.editionIndex(charter, lang),
        ':v': keys.versionPrefix('only' in which ? which.only : which.below),
      },
      ProjectionExpression: 'PK, SK',
    });
    await this.table.batchWrite(
      items.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })),
    );
  }
}

/** Condition that the current version does not come from a newer upload than `:order`. */
const NOT_NEWER_UPLOAD = '(attribute_not_exists(#sourceOrder) OR #sourceOrder <= :order)';

function clauseItem(clause: ClauseRecord) {
  return {
    PK: keys.clause(clause.charter, clause.clauseId),
    SK: keys.clauseVersion(clause.lang, clause.version),
    GSI1PK: keys.editionIndex(clause.charter, clause.lang),
    GSI1SK: keys.versionOrder(clause.version, clause.order),
    ...clause,
  };
}

/** Residue kept on the edition item: DynamoDB items hold 400 KB; the full residue is in the alignment report. */
const RESIDUE_BUDGET = 64 * 1024;

/** The edition item's attributes for a record (undefined fields dropped, residue within its budget). */
function editionFields(edition: EditionRecord): Record<string, unknown> {
  const { error: _error, failedKey: _key, failedEtag: _etag, candidate: _candidate, ...rest } = edition;
  return Object.fromEntries(
    Object.entries({ ...rest, residue: withinBudget(edition.residue ?? []) }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

function withinBudget(residue: EditionResidue[]): EditionResidue[] {
  const kept: EditionResidue[] = [];
  let left = RESIDUE_BUDGET;
  for (const entry of residue) {
    if (left <= 0) break;
    const text = entry.text.length > left ? `${entry.text.slice(0, left)}…` : entry.text;
    kept.push({ ...entry, text });
    left -= text.length;
  }
  return kept;
}

/** A refused conditional write, as the stale version it means; other errors as they are. */
function staleVersionFor(edition: EditionRecord): (error: unknown) => never {
  return (error) => {
    if (error instanceof ConditionalCheckFailedException) {
      throw new StaleVersionError(edition.charter, edition.lang, edition.version);
    }
    throw error;
  };
}
