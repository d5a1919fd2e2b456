import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ClauseTable } from '../constructs/clause-table.ts';
import { EditionBucket } from '../constructs/edition-bucket.ts';
import { IngestQueue } from '../constructs/ingest-queue.ts';

export const UPLOAD_PREFIX = 'uploads/';

/** Resources that hold data: kept on stack deletion, deployed separately from code. */
export class StatefulStack extends Stack {
  readonly editions: EditionBucket;
  readonly clauses: ClauseTable;
  readonly ingest: IngestQueue;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.editions = new EditionBucket(this, 'Editions');
    this.clauses = new ClauseTable(this, 'Clauses');
    this.ingest = new IngestQueue(this, 'Ingest', {
      bucket: this.editions.bucket,
      uploadPrefix: UPLOAD_PREFIX,
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's own bucket-notifications handler uses the AWS basic execution role; it only writes its logs.",
    });
  }
}
