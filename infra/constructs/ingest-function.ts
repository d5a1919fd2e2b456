import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RUNTIME_FILES } from '../bundling.ts';
import { INGEST_TABLE_ACTIONS } from '../table-actions.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { tableStatement } from './table-access.ts';

export interface IngestFunctionProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  queue: sqs.IQueue;
  uploadPrefix: string;
  processedPrefix: string;
}

export const INGEST_TIMEOUT = Duration.minutes(5);

/**
 * The ingest Lambda, fed by the queue with partial batch failures. It may read uploads, list the bucket's keys
 * (so a deleted upload reads as 404, not 403), write processed output, and read and write the table items.
 */
export class IngestFunction extends Construct {
  readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'ingest',
      environment: { TABLE_NAME: props.table.tableName, BUCKET_NAME: props.bucket.bucketName },
      memorySize: 2048,
      timeout: INGEST_TIMEOUT,
      runtimeFiles: RUNTIME_FILES.ingest,
      compiledResources: true,
    });
    const uploads = `${props.bucket.bucketArn}/${props.uploadPrefix}*`;
    const processed = `${props.bucket.bucketArn}/${props.processedPrefix}*`;
    const policy = new iam.Policy(this, 'Access', {
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [uploads] }),
        // HeadObject of a deleted upload answers 404 only to a caller that may list the bucket (else 403, which
        // would be retried into the DLQ). An s3:prefix condition is not evaluated for HeadObject, so none is set.
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [processed] }),
        tableStatement(props.table, INGEST_TABLE_ACTIONS),
      ],
    });
    policy.attachToRole(this.handler.role);
    this.handler.fn.addEventSource(
      new sources.SqsEventSource(props.queue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    const bucketArn = Stack.of(this).resolve(props.bucket.bucketArn) as unknown;
    Validations.of(policy).acknowledge(
      ...[props.uploadPrefix, props.processedPrefix].map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::${nagToken(bucketArn)}/${prefix}*]`,
        reason: `S3 object ARNs under a key prefix need a trailing wildcard; this grants ${prefix} only.`,
      })),
    );
  }
}

/** How cdk-nag names a resolved token in a finding id: `<LogicalId.Attr>` for an attribute, the export for an import. */
export function nagToken(resolved: unknown): string {
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  const importValue = (resolved as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  if (importValue) return importValue;
  return String(resolved);
}
