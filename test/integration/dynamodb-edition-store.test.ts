import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../cli/local-stack.ts';
import { DynamoDbClauseStore } from '../../functions/adapters/dynamodb/dynamodb-clause-store.ts';
import { DynamoDbEditionStore } from '../../functions/adapters/dynamodb/dynamodb-edition-store.ts';
import {
  clauseRecords,
  editionRecord,
  editionStoreContract,
} from '../../functions/core/editions/edition-store.contract.ts';
import { StaleVersionError } from '../../functions/core/editions/errors.ts';
import { testDynamoDb, testDynamoDbName } from '../fixtures/test-dynamodb.ts';

let stack: LocalStack;
let store: DynamoDbEditionStore;

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
  store = new DynamoDbEditionStore(stack.dynamodb, stack.table);
});
afterAll(async () => stack?.close());

const edition = editionRecord;
const clauses = clauseRecords;

/** Versions of the clause items stored for one charter (all of them, visible or not). */
async function storedVersions(charter: string): Promise<number[]> {
  const { Items } = await stack.dynamodb.send(
    new ScanCommand({
      TableName: stack.table,
      FilterExpression: 'begins_with(PK, :pk)',
      ExpressionAttributeValues: { ':pk': { S: `CHARTER#${charter}#CLAUSE#` } },
    }),
  );
  return [...new Set((Items ?? []).map((item) => Number(item.version?.N)))].sort();
}

editionStoreContract(`DynamoDbEditionStore on ${testDynamoDbName()}`, async () => store);

describe(`DynamoDbEditionStore on ${testDynamoDbName()}: versions on disk, crashes and races`, () => {
  it('reads clauses the same through DynamoDbClauseStore', async () => {
    await store.saveEdition(edition('c1', 'sv', 1), clauses('c1', 'sv', 1, ['title', 'intro']));
    const reader = new DynamoDbClauseStore(stack.dynamodb, stack.table);
    expect(await reader.getClause('c1', 'title')).toEqual(await store.getClause('c1', 'title'));
    expect(await reader.listEditionClauses('c1', 'sv')).toEqual(await store.listEditionClauses('c1', 'sv'));
  });

  it('moves to a new version, drops clauses it no longer has and deletes the old version', async () => {
    await store.saveEdition(edition('c4', 'sv', 1), clauses('c4', 'sv', 1, ['x', 'y', 'z']));
    await store.saveEdition(edition('c4', 'sv', 2), clauses('c4', 'sv', 2, ['x', 'y']));
    const listed = await store.listEditionClauses('c4', 'sv');
    expect(listed.map((c) => `${c.clauseId}@${c.version}`)).toEqual(['x@2', 'y@2']);
    expect(await store.getClause('c4', 'z')).toEqual([]);
    expect(await storedVersions('c4')).toEqual([2]);
  });

  it('refuses to let an older version overwrite a newer one, and takes back what the older one wrote', async () => {
    await store.saveEdition(edition('c5', 'da', 3), clauses('c5', 'da', 3, ['x']));
    await expect(
      store.saveEdition(edition('c5', 'da', 2), clauses('c5', 'da', 2, ['x', 'y'])),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await store.getClause('c5', 'x'))[0]?.version).toBe(3);
    expect(await storedVersions('c5')).toEqual([3]);
  });

  it('lets exactly the newest of two concurrent versions win, leaving none of the older one', async () => {
    for (let round = 0; round < 5; round++) {
      const charter = `c7-${round}`;
      const results = await Promise.allSettled([
        store.saveEdition(edition(charter, 'sv', 1), clauses(charter, 'sv', 1, ['x', 'y', 'z'])),
        store.saveEdition(edition(charter, 'sv', 2), clauses(charter, 'sv', 2, ['x', 'y'])),
      ]);
      expect(results[1].status).toBe('fulfilled');
      expect((await store.getEdition(charter, 'sv'))?.version).toBe(2);
      const listed = await store.listEditionClauses(charter, 'sv');
      expect(listed.map((c) => `${c.clauseId}@${c.version}`)).toEqual(['x@2', 'y@2']);
      expect(await storedVersions(charter)).toEqual([2]);
    }
  });

  it('shows nothing of a version whose writer crashed before moving the pointer; the next version cleans up', async () => {
    await store.saveEdition(edition('c10', 'sv', 1), clauses('c10', 'sv', 1, ['x', 'y']));
    const crashing = new DynamoDbEditionStore(crashBeforePointerMove(), stack.table);
    await expect(
      crashing.saveEdition(edition('c10', 'sv', 2), clauses('c10', 'sv', 2, ['x', 'y', 'z'])),
    ).rejects.toThrow('crashed');
    expect(await storedVersions('c10')).toEqual([1, 2]);
    expect((await store.listEditionClauses('c10', 'sv')).map((c) => c.version)).toEqual([1, 1]);
    expect(await store.getClause('c10', 'z')).toEqual([]);
    expect((await store.getClause('c10', 'x')).map((c) => c.version)).toEqual([1]);
    await store.saveEdition(edition('c10', 'sv', 3), clauses('c10', 'sv', 3, ['x']));
    expect(await storedVersions('c10')).toEqual([3]);
  });

  it('never shows a reader a mix of versions while a new version is written', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `k${i}`);
    await store.saveEdition(edition('c11', 'sv', 1), clauses('c11', 'sv', 1, ids));
    await store.saveEdition(edition('c11', 'da', 1), clauses('c11', 'da', 1, ids));
    let writing = true;
    const seen = new Set<string>();
    const read = async () => {
      while (writing) {
        const listed = await store.listEditionClauses('c11', 'sv');
        const versions = new Set(listed.map((c) => c.version));
        expect(versions.size).toBe(1);
        expect(listed).toHaveLength(ids.length);
        seen.add(`list@${[...versions][0]}`);
        const one = await store.getClause('c11', 'k30');
        expect(one.map((c) => c.lang)).toEqual(['da', 'sv']);
        seen.add(`clause-sv@${one[1]?.version}`);
      }
    };
    const write = async () => {
      for (let version = 2; version <= 5; version++) {
        await store.saveEdition(edition('c11', 'sv', version), clauses('c11', 'sv', version, ids));
      }
      writing = false;
    };
    await Promise.all([read(), read(), write()]);
    expect(seen.has('list@5') || seen.size > 1).toBe(true);
    expect((await store.listEditionClauses('c11', 'sv')).every((c) => c.version === 5)).toBe(true);
    expect(await storedVersions('c11')).toEqual([1, 5]);
  });

  it('keeps an edition with a huge residue within the DynamoDB item size limit', async () => {
    const residue = Array.from({ length: 300 }, (_, i) => ({
      text: `${i} ${'unmatched text '.repeat(200)}`,
      after: 'x',
    }));
    await store.saveEdition({ ...edition('c12', 'sv', 1), residue }, clauses('c12', 'sv', 1, ['x']));
    const stored = await store.getEdition('c12', 'sv');
    expect(stored?.residue.length).toBeGreaterThan(0);
    expect(stored?.residue.length).toBeLessThan(residue.length);
    expect(stored?.residue[0]).toEqual(residue[0]);
  });

  it('reads a clause again when a new version became current between its two parallel reads', async () => {
    await store.saveEdition(edition('c13', 'sv', 1), clauses('c13', 'sv', 1, ['x']));
    const reader = new DynamoDbClauseStore(
      holdOnce(
        'Query',
        (input) => String(input.ExpressionAttributeValues?.[':pk']).includes('#CLAUSE#'),
        () => store.saveEdition(edition('c13', 'sv', 2), clauses('c13', 'sv', 2, ['x'])),
      ),
      stack.table,
    );
    // The pointer read sees version 1; the clause query runs after version 2 replaced it.
    expect((await reader.getClause('c13', 'x')).map((c) => `${c.lang}@${c.version}`)).toEqual(['sv@2']);
    // The same race without reading again would lose the language.
    const once = new DynamoDbClauseStore(
      holdOnce(
        'Query',
        (input) => String(input.ExpressionAttributeValues?.[':pk']).includes('#CLAUSE#'),
        () => store.saveEdition(edition('c13', 'sv', 3), clauses('c13', 'sv', 3, ['x'])),
        // The pointer read (in parallel) must have seen version 2 before version 3 lands: DynamoDB Local, slower
        // than dynalite, could otherwise answer it after the write, and the reads would agree.
        (input) => String(input.ExpressionAttributeValues?.[':pk']) === 'CHARTER#c13',
      ),
      stack.table,
      { retries: 0 },
    );
    expect(await once.getClause('c13', 'x')).toEqual([]);
  });

  it('reads an edition again when its version was replaced between the pointer read and the index query', async () => {
    await store.saveEdition(edition('c14', 'sv', 1), clauses('c14', 'sv', 1, ['x', 'y']));
    const reader = new DynamoDbClauseStore(
      holdOnce(
        'Query',
        (input) => input.IndexName === 'GSI1',
        () => store.saveEdition(edition('c14', 'sv', 2), clauses('c14', 'sv', 2, ['x', 'y', 'z'])),
      ),
      stack.table,
    );
    expect((await reader.listEditionClauses('c14', 'sv')).map((c) => `${c.clauseId}@${c.version}`)).toEqual([
      'x@2',
      'y@2',
      'z@2',
    ]);
    const once = new DynamoDbClauseStore(
      holdOnce(
        'Query',
        (input) => input.IndexName === 'GSI1',
        () => store.saveEdition(edition('c14', 'sv', 3), clauses('c14', 'sv', 3, ['x'])),
      ),
      stack.table,
      { retries: 0 },
    );
    await expect(once.listEditionClauses('c14', 'sv')).rejects.toThrow(/read 0 of 3 clauses/);
  });
});

/** A client on the same table whose edition-pointer update fails, as if the Lambda died just before it. */
function crashBeforePointerMove() {
  const client = new (stack.dynamodb.constructor as typeof import('@aws-sdk/client-dynamodb').DynamoDBClient)(
    {
      endpoint: stack.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { UpdateExpression?: string };
      if (input.UpdateExpression?.includes('decidedVersion = :version')) throw new Error('crashed');
      return next(args);
    },
    { step: 'initialize', name: 'crashBeforePointerMove' },
  );
  return client;
}

/**
 * A client on the same table that, the first time a `command` matches, runs `meanwhile` (another writer) before
 * sending it: a race made to happen. With `answeredFirst`, `meanwhile` waits until a command of this client
 * matching it has been answered, so a parallel read is ordered before the write on any backend.
 */
function holdOnce(
  command: string,
  matches: (input: CommandInput) => boolean,
  meanwhile: () => Promise<unknown>,
  answeredFirst?: (input: CommandInput) => boolean,
) {
  const client = localClient();
  let held = false;
  let answered!: () => void;
  const firstAnswered = new Promise<void>((resolve) => {
    answered = resolve;
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as CommandInput;
      if (!held && context.commandName === `${command}Command` && matches(input)) {
        held = true;
        if (answeredFirst) await firstAnswered;
        await meanwhile();
      }
      const output = await next(args);
      if (answeredFirst?.(input)) answered();
      return output;
    },
    { step: 'initialize', name: 'holdOnce' },
  );
  return client;
}

type CommandInput = { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> };

function localClient() {
  return new (stack.dynamodb.constructor as typeof import('@aws-sdk/client-dynamodb').DynamoDBClient)({
    endpoint: stack.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
