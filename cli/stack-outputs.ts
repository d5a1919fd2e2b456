/**
 * The contract between the CDK app (infra/) and the CLI: the deployed stacks' names and the output keys the CLI
 * reads with `CHARTER_STACK=aws`. No imports, so both sides (and the CLI bundle) can load it.
 */

/** The stack with the data (bucket, table, user pool). */
export const DATA_STACK_NAME = 'CharterAlignData';

/** The stack with the services; it also outputs the data stack's names, so one stack tells the CLI everything. */
export const SERVICES_STACK_NAME = 'CharterAlignServices';

/** The output keys (CloudFormation logical ids) of the services stack, by what they hold. */
export const STACK_OUTPUT_KEYS = {
  /** The HTTP API's base URL. */
  apiUrl: 'ApiUrl',
  /** The editions bucket (uploads/, processed/). */
  bucketName: 'BucketName',
  /** The clauses table. */
  tableName: 'TableName',
  /** The reviewers' Cognito user pool. */
  userPoolId: 'UserPoolId',
  /** The review page's app client in that pool (hosted sign-in). */
  userPoolClientId: 'UserPoolClientId',
} as const;

/** What a deployed stack tells the CLI, keyed as `STACK_OUTPUT_KEYS`. */
export type StackOutputs = { [K in keyof typeof STACK_OUTPUT_KEYS]: string };
