import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbReviewStore } from '../adapters/dynamodb/dynamodb-review-store.ts';

/** The review store configured by TABLE_NAME (endpoint: AWS_ENDPOINT_URL_DYNAMODB if set). */
export function reviewStoreFromEnvironment(): DynamoDbReviewStore {
  const table = process.env.TABLE_NAME;
  if (!table) throw new Error('environment variable TABLE_NAME is not set');
  return new DynamoDbReviewStore(new DynamoDBClient({}), table);
}
