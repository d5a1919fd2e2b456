import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { STACK_OUTPUT_KEYS } from '../../cli/stack-outputs.ts';
import type { AccessSettings } from '../../functions/core/auth/access.ts';
import { REFRESH_REQUEST_PREFIX } from '../../functions/core/editions/refresh-request.ts';
import { AlarmTopic } from '../constructs/alarm-topic.ts';
import { INGEST_TIMEOUT, IngestFunction } from '../constructs/ingest-function.ts';
import { IngestQueue } from '../constructs/ingest-queue.ts';
import { OperationsAlarms } from '../constructs/operations-alarms.ts';
import { QueryApi } from '../constructs/query-api.ts';

export const UPLOAD_PREFIX = 'uploads/';
export const PROCESSED_PREFIX = 'processed/';
/** Requests to the ingest function from the API (see functions/core/editions/refresh-request.ts). */
export const REQUEST_PREFIX = REFRESH_REQUEST_PREFIX;

export interface StatelessStackProps extends StackProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  /** esbuild `define` entries for the api bundle (the review page's files). */
  apiDefine?: Record<string, string>;
  /** E-mail address subscribed to the alarm topic. */
  alarmEmail?: string;
  /** The reviewers' user pool and its hosted sign-in domain (base URL). */
  signIn: { userPool: cognito.IUserPool; domainUrl: string };
  /** Which GET routes need no sign-in (context `publicReads`; default clause texts). */
  access?: AccessSettings;
  /** Extra sign-in callback URLs for the review page (context `reviewCallbackUrls`). */
  callbackUrls?: string[];
}

/** Code and plumbing: the ingest queue, the ingest function, the HTTP API and the alarms. Safe to redeploy. */
export class StatelessStack extends Stack {
  readonly queue: IngestQueue;
  readonly ingest: IngestFunction;
  readonly api: QueryApi;
  readonly alarms: OperationsAlarms;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // The bucket by exported name and ARN: notifications and grants then live in this stack, and the ARN token
    // (an import) is the same before and after synthesis, which the cdk-nag acknowledgments name.
    const stateful = Stack.of(props.bucket);
    const bucket = s3.Bucket.fromBucketAttributes(this, 'Editions', {
      bucketArn: stateful.exportValue(props.bucket.bucketArn),
      bucketName: stateful.exportValue(props.bucket.bucketName),
    });
    this.queue = new IngestQueue(this, 'IngestQueue', {
      bucket,
      uploadPrefix: UPLOAD_PREFIX,
      requestPrefix: REQUEST_PREFIX,
      // AWS advises six times the function timeout, so retries of a slow batch do not overlap.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
    });
    this.ingest = new IngestFunction(this, 'Ingest', {
      bucket,
      table: props.table,
      queue: this.queue.queue,
      uploadPrefix: UPLOAD_PREFIX,
      processedPrefix: PROCESSED_PREFIX,
    });
    this.api = new QueryApi(this, 'Query', {
      table: props.table,
      bucket,
      processedPrefix: PROCESSED_PREFIX,
      requestPrefix: REQUEST_PREFIX,
      define: props.apiDefine,
      signIn: props.signIn,
      access: props.access,
      callbackUrls: props.callbackUrls,
    });
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail });
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      topic: this.alarmTopic.topic,
      deadLetterQueue: this.queue.deadLetterQueue,
      ingestQueue: this.queue.queue,
      functions: { Ingest: this.ingest.handler.fn, Api: this.api.handler.fn },
    });
    this.addOutputs(bucket, props);
    this.acknowledgeCdkInternals();
  }

  /**
   * Everything the CLI needs, under fixed keys in this one stack (`CHARTER_STACK=aws` reads them). The data
   * stack's names come through the imports this stack already has, so they add no export.
   */
  private addOutputs(bucket: s3.IBucket, props: StatelessStackProps) {
    const outputs: Record<keyof typeof STACK_OUTPUT_KEYS, [string, string]> = {
      apiUrl: [this.api.api.apiEndpoint, 'The HTTP API (the review page is at /review)'],
      bucketName: [bucket.bucketName, 'The editions bucket (data stack)'],
      tableName: [props.table.tableName, 'The clauses table (data stack)'],
      userPoolId: [props.signIn.userPool.userPoolId, "The reviewers' user pool (data stack)"],
      userPoolClientId: [this.api.client.userPoolClientId, "The review page's sign-in app client"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, STACK_OUTPUT_KEYS[name as keyof typeof STACK_OUTPUT_KEYS], { value, description });
    }
  }

  /** CDK's own bucket-notification handler (a singleton Lambda it adds for the S3 -> SQS notification). */
  private acknowledgeCdkInternals() {
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (!handler) return;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's bucket-notifications custom resource handler; the managed policy only lets it write its logs.",
    });
  }
}
