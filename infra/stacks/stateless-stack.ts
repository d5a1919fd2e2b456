import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IngestFunction } from '../constructs/ingest-function.ts';
import { QueryApi } from '../constructs/query-api.ts';

export interface StatelessStackProps extends StackProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  queue: sqs.IQueue;
}

/** Code: the ingest Lambda and the query API. Safe to destroy and redeploy. */
export class StatelessStack extends Stack {
  readonly ingest: IngestFunction;
  readonly api: QueryApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.ingest = new IngestFunction(this, 'Ingest', props);
    this.api = new QueryApi(this, 'Query', { table: props.table });
  }
}
