import { afterAll, beforeAll } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../cli/local-stack.ts';
import { reviewStoreContract } from '../../core/reviews/review-store.contract.ts';
import { DynamoDbReviewStore } from './dynamodb-review-store.ts';
import { testDynamoDb, testDynamoDbName } from '../../../test/fixtures/test-dynamodb.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack(testDynamoDb());
});
afterAll(async () => stack?.close());

reviewStoreContract(
  `DynamoDbReviewStore on ${testDynamoDbName()}`,
  async () => new DynamoDbReviewStore(stack.dynamodb, stack.table),
);
