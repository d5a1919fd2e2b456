import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table-schema.ts';

/**
 * A policy statement for exactly these DynamoDB actions on the table and its indexes, named one by one: no
 * wildcard actions and no `index/*` resource.
 */
export function tableStatement(table: dynamodb.ITableV2, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: actions.map((action) => `dynamodb:${action}`),
    resources: [
      table.tableArn,
      ...TABLE_SCHEMA.indexes.map((index) => `${table.tableArn}/index/${index.name}`),
    ],
  });
}
