import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface IngestQueueProps {
  /** The editions bucket, imported into this stack (so the notification custom resource is created here). */
  bucket: s3.IBucket;
  /** Only keys under this prefix start the pipeline. */
  uploadPrefix: string;
  /** Keys under this prefix are requests to the ingest function (a flag refresh after a promotion). */
  requestPrefix?: string;
  /** How long one message may be worked on: at least the ingest function's timeout. */
  visibilityTimeout: Duration;
}

/**
 * S3 ObjectCreated events for uploads (and requests to the ingest function) go to a queue; after 3 failed receives, to a dead-letter queue.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    for (const prefix of [props.uploadPrefix, ...(props.requestPrefix ? [props.requestPrefix] : [])]) {
      props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
        prefix,
      });
    }
  }
}
