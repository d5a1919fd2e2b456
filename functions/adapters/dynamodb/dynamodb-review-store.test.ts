import { afterAll, beforeAll } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../cli/local-stack.ts';
import { reviewStoreContract } from '../../core/reviews/review-store.contract.ts';
import { DynamoDbReviewStore } from './dynamodb-review-store.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => stack?.close());

reviewStoreContract(
  'DynamoDbReviewStore on dynalite',
  async () => new DynamoDbReviewStore(stack.dynamodb, stack.table),
);
