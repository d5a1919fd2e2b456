import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';

let built: ReturnType<typeof buildApp>;
let data: Template;
let services: Template;

beforeAll(() => {
  built = buildApp();
  data = Template.fromStack(built.stateful);
  services = Template.fromStack(built.stateless);
});

describe('stateful stack', () => {
  it('keeps editions in an encrypted, versioned, private bucket that denies plain HTTP', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('sends only uploads/ ObjectCreated events to the ingest queue', () => {
    data.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
        ],
      },
    });
  });

  it('moves a message to the dead-letter queue after 3 receives and alarms on it', () => {
    data.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
    });
    data.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('has one table with PK/SK, the edition index and the review queue index, retained on delete', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: 'GSI1' }),
          Match.objectLike({ IndexName: 'ReviewQueue' }),
        ]),
      }),
    });
  });
});

describe('stateless stack', () => {
  it('runs both Lambdas on Node 22', () => {
    const functions = services.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x' },
    });
    expect(Object.keys(functions)).toHaveLength(2);
  });

  it('feeds the ingest Lambda from the queue with partial batch failures', () => {
    services.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('lets the ingest Lambda read uploads and write processed output only', () => {
    const policies = services.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    const s3Resources = JSON.stringify(statements.filter((s) => JSON.stringify(s).includes('s3:')));
    expect(s3Resources).toContain('/uploads/*');
    expect(s3Resources).toContain('/processed/*');
    expect(s3Resources).not.toMatch(/"\/\*"\]/);
  });

  it('serves the clause and edition queries, and only reads the table', () => {
    for (const routeKey of [
      'GET /charters/{charter}/clauses/{clause}',
      'GET /charters/{charter}/editions/{lang}',
    ]) {
      services.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
    const apiPolicy = Object.entries(services.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('Query'),
    );
    const actions = JSON.stringify(apiPolicy?.[1]);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds no error on the stateful stack', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stateful);
    const errors = report.violations.filter((v) => v.severity === 'error' || v.severity === 'high');
    expect(errors.map((v) => v.ruleName)).toEqual([]);
  });
});
