import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineFunction } from './pipeline-function.ts';

export interface IngestFunctionProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  queue: sqs.IQueue;
}

/** The ingest Lambda: reads an uploaded edition, cleans, aligns and stores it; partial batch failures. */
export class IngestFunction extends Construct {
  readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'ingest',
      environment: { TABLE_NAME: props.table.tableName, BUCKET_NAME: props.bucket.bucketName },
      memorySize: 2048,
      timeout: Duration.minutes(5),
      withRuntimeData: true,
    });
    props.bucket.grantRead(this.handler.fn, 'uploads/*');
    props.bucket.grantPut(this.handler.fn, 'processed/*');
    props.table.grantReadWriteData(this.handler.fn);
    this.handler.fn.addEventSource(
      new sources.SqsEventSource(props.queue, { batchSize: 5, reportBatchItemFailures: true }),
    );
  }
}
