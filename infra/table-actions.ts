/**
 * The DynamoDB actions each function's role is granted on the table and its indexes. Kept apart from the
 * constructs (no CDK import) so that the integration test can check them against the commands the real handlers
 * send.
 */

/** Edition store (pointer updates, batched clause writes and deletes) and the review flag refresh. */
export const INGEST_TABLE_ACTIONS = [
  'GetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
];

/**
 * Reads of editions, clauses and flags; the review store's Put of flag, decision and reviewed-text items; and a
 * promotion (`POST /charters/{c}/editions/{lang}/promote`, restore-version.ts): the version counter and the
 * pointer move (UpdateItem), the promoted version's clause items, written in batches, and the replaced
 * version's clause items removed in batches (BatchWriteItem), the kept version records (PutItem). No API path
 * deletes an item by itself (decisions are conditional Puts), so the role has no DeleteItem.
 */
export const API_TABLE_ACTIONS = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem'];
