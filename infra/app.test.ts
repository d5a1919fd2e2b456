import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICES_STACK_NAME, STACK_OUTPUT_KEYS } from '../cli/stack-outputs.ts';
import { buildApp } from './app.ts';
import { routesByAccess } from './constructs/query-api.ts';

let built: ReturnType<typeof buildApp>;
let data: Template;
let services: Template;

beforeAll(() => {
  built = buildApp();
  data = Template.fromStack(built.stateful);
  services = Template.fromStack(built.stateless);
}, 120_000);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Policy statements of the stack's IAM policies, by the construct path of the policy. */
function statements(template: Template): Array<{ policy: string; statement: Statement }> {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
    (
      policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }
    ).Properties.PolicyDocument.Statement.map((statement) => ({ policy: id, statement })),
  );
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
/** Our roles and policies, not those of CDK's bucket-notification handler. */
const ownPolicies = (id: string) => /^(IngestHandler|IngestAccess|QueryHandler|QueryAccess)/.test(id);
const ownFunctions = (template: Template) =>
  Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
    /^(Ingest|Query)Handler/.test(id),
  );

describe('stateful stack', () => {
  it('keeps editions in an encrypted, versioned, private bucket that denies plain HTTP', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    for (const policy of Object.values(data.findResources('AWS::S3::BucketPolicy'))) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
    expect(Object.keys(data.findResources('AWS::S3::BucketPolicy'))).toHaveLength(2);
  });

  it('has one on-demand, encrypted table with point-in-time recovery and both indexes, retained on delete', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'GSI1',
            KeySchema: Match.arrayWith([{ AttributeName: 'GSI1PK', KeyType: 'HASH' }]),
          }),
          Match.objectLike({ IndexName: 'ReviewQueue' }),
        ],
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        ],
      }),
    });
  });

  it('lets kept versions expire: TTL on the attribute the edition store writes (expiresAt)', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('keeps the reviewers in a retained user pool: no self sign-up, strong passwords, MFA, the two groups and a hosted domain', () => {
    data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
    const groups = Object.values(data.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['readers', 'reviewers']);
    data.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.anyValue() });
  });

  it('holds only data: no code, no queues', () => {
    for (const type of ['AWS::Lambda::Function', 'AWS::SQS::Queue', 'Custom::S3BucketNotifications']) {
      expect(data.findResources(type), type).toEqual({});
    }
  });
});

describe('stateless stack', () => {
  it('sends uploads/ and requests/refresh-flags/ ObjectCreated events to the ingest queue, and dead-letters after 3 receives', () => {
    const queues = services.findResources('AWS::SQS::Queue');
    const [queueId] = Object.entries(queues).find(([, q]) => JSON.stringify(q).includes('RedrivePolicy'))!;
    const dlqId = Object.keys(queues).find((id) => id !== queueId)!;
    services.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      SqsManagedSseEnabled: true,
      VisibilityTimeout: Match.anyValue(),
    });
    services.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    const queuePolicies = Object.values(services.findResources('AWS::SQS::QueuePolicy')).map((p) =>
      JSON.stringify(p),
    );
    expect(queuePolicies.filter((p) => p.includes('"aws:SecureTransport":"false"'))).toHaveLength(2);
    services.hasResourceProperties('Custom::S3BucketNotifications', {
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'requests/refresh-flags/' }] } },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
    });
  });

  it('gives the queue a visibility timeout above the ingest timeout', () => {
    const queue = Object.values(services.findResources('AWS::SQS::Queue')).find((q) =>
      JSON.stringify(q).includes('RedrivePolicy'),
    ) as { Properties: { VisibilityTimeout: number } };
    const ingest = Object.values(services.findResources('AWS::Lambda::Function')).find(
      (f) => (f as { Properties: { MemorySize: number } }).Properties.MemorySize === 2048,
    ) as { Properties: { Timeout: number } };
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(ingest.Properties.Timeout);
  });

  it('runs both handlers on Node 22, arm64, with tracing', () => {
    const functions = services.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } },
    });
    expect(Object.keys(functions).sort()).toEqual([
      expect.stringMatching(/^IngestHandler/),
      expect.stringMatching(/^QueryHandler/),
    ]);
  });

  it('feeds the ingest function from the ingest queue with partial batch failures', () => {
    const queueId = Object.entries(services.findResources('AWS::SQS::Queue')).find(([, q]) =>
      JSON.stringify(q).includes('RedrivePolicy'),
    )![0];
    const ingestId = Object.keys(services.findResources('AWS::Lambda::Function')).find((id) =>
      id.startsWith('IngestHandler'),
    )!;
    services.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: ingestId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('grants no wildcard actions, and "*" resources only where AWS requires them (X-Ray)', () => {
    const own = statements(services).filter(({ policy }) => ownPolicies(policy));
    expect(own.length).toBeGreaterThan(5);
    for (const { policy, statement } of own) {
      for (const action of list(statement.Action)) expect(action, policy).not.toContain('*');
      if (list(statement.Resource).includes('*')) {
        expect(
          list(statement.Action).every((a) => a.startsWith('xray:')),
          `${policy}: ${statement.Action}`,
        ).toBe(true);
      }
    }
    const roles = services.findResources('AWS::IAM::Role');
    for (const [id, role] of Object.entries(roles).filter(([id]) => ownPolicies(id))) {
      expect(
        (role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns,
        id,
      ).toBeUndefined();
    }
  });

  it('lets the ingest function read uploads and write processed output, and nothing else in the bucket', () => {
    const s3 = statements(services).filter(
      ({ policy, statement }) =>
        policy.startsWith('Ingest') && list(statement.Action).some((a) => a.startsWith('s3:')),
    );
    const grants = s3.map(({ statement }) => ({
      actions: list(statement.Action).sort(),
      resource: JSON.stringify(statement.Resource).replace(/\{"Fn::ImportValue":"[^"]+"\}/g, 'BUCKET'),
      condition: statement.Condition,
    }));
    expect(grants).toEqual([
      {
        actions: ['s3:GetObject'],
        resource: '{"Fn::Join":["",[BUCKET,"/uploads/*"]]}',
        condition: undefined,
      },
      {
        actions: ['s3:ListBucket'],
        resource: 'BUCKET',
        condition: undefined,
      },
      {
        actions: ['s3:PutObject'],
        resource: '{"Fn::Join":["",[BUCKET,"/processed/*"]]}',
        condition: undefined,
      },
    ]);
  });

  it('lets the api function read the table, put review items and promote, nothing more (no DeleteItem)', () => {
    const api = statements(services).filter(
      ({ policy }) => ownPolicies(policy) && policy.startsWith('Query'),
    );
    const actions = api.flatMap(({ statement }) => list(statement.Action));
    // Promotion (restore-version.ts) reserves a version and moves the pointer (UpdateItem) and writes the
    // promoted clauses and removes the replaced ones in batches (BatchWriteItem).
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    // In the bucket: a candidate's alignment report (processed/) read, a flag refresh request written; no
    // upload read or written, no listing, no delete.
    const s3 = api
      .filter(({ statement }) => list(statement.Action).some((a) => a.startsWith('s3:')))
      .map(({ statement }) => ({
        actions: list(statement.Action).sort(),
        resource: JSON.stringify(statement.Resource).replace(/\{"Fn::ImportValue":"[^"]+"\}/g, 'BUCKET'),
      }));
    expect(s3).toEqual([
      { actions: ['s3:GetObject'], resource: '{"Fn::Join":["",[BUCKET,"/processed/*"]]}' },
      { actions: ['s3:PutObject'], resource: '{"Fn::Join":["",[BUCKET,"/requests/refresh-flags/*"]]}' },
    ]);
    expect(
      actions.filter(
        (a) =>
          !a.startsWith('dynamodb:') &&
          !a.startsWith('s3:') &&
          !a.startsWith('xray:') &&
          !a.startsWith('logs:'),
      ),
    ).toEqual([]);
  });

  it('puts the user pool JWT authorizer on every route that reads review data or writes, and only there', () => {
    const [authorizerId] = Object.keys(services.findResources('AWS::ApiGatewayV2::Authorizer'));
    const [clientId] = Object.keys(services.findResources('AWS::Cognito::UserPoolClient'));
    services.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: Match.anyValue(),
      },
    });
    // The issuer is the reviewers' user pool (imported from the data stack).
    const issuer = JSON.stringify(services.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(issuer).toMatch(/https:\/\/cognito-idp\./);
    expect(issuer).toMatch(/ExportsOutputRefReviewersUserPool/);
    const routes = Object.values(services.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) =>
        (r as { Properties: { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown } })
          .Properties,
    );
    const { open, signedIn } = routesByAccess();
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      [...open, ...signedIn].map((r) => `${r.method} ${r.path}`).sort(),
    );
    const jwt = routes.filter((r) => r.AuthorizationType === 'JWT');
    expect(jwt.map((r) => r.RouteKey).sort()).toEqual(signedIn.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of jwt) expect(route.AuthorizerId).toEqual({ Ref: authorizerId });
    // The review data and the decision route are behind it; no route that writes is without it.
    expect(jwt.map((r) => r.RouteKey)).toEqual(
      expect.arrayContaining([
        'GET /reviews',
        'GET /reviews/{flag}',
        'POST /reviews/{flag}',
        'POST /charters/{charter}/editions/{lang}/promote',
      ]),
    );
    expect(
      routes.filter((r) => !r.RouteKey.startsWith('GET ')).every((r) => r.AuthorizationType === 'JWT'),
    ).toBe(true);
    // With public reads set to none, only the page's own routes stay open.
    const closed = routesByAccess({ publicReads: [] });
    expect(closed.open.map((r) => r.path).sort()).toEqual([
      '/',
      '/auth/config',
      '/docs',
      '/openapi.json',
      '/review',
      '/review/{proxy+}',
    ]);
    // The export carries reviewers and notes: behind the authorizer by default.
    expect(routes.find((r) => r.RouteKey === 'GET /charters/{charter}/export')?.AuthorizationType).toBe(
      'JWT',
    );
    // Clause texts are public by default.
    expect(open.map((r) => r.path)).toContain('/charters/{charter}/clauses/{clause}');
    expect(
      routes.find((r) => r.RouteKey === 'GET /charters/{charter}/clauses/{clause}')?.AuthorizationType,
    ).toBe('NONE');
    services.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50 }),
    });
  });

  it('signs the review page in with the hosted UI: authorization code with PKCE, a public client, no other flow', () => {
    const clients = Object.values(services.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    services.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(JSON.stringify(clients[0])).toMatch(/"\/review"\]/);
    // The Lambda knows the settings: the access rule and what the page needs to sign in.
    services.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CHARTER_PUBLIC_READS: 'texts',
          CHARTER_AUTH_CLIENT_ID: Match.anyValue(),
          CHARTER_AUTH_DOMAIN: Match.anyValue(),
        }),
      },
    });
    // It verifies a token on the public routes against the very issuer the JWT authorizer trusts.
    const issuers = Object.values(services.findResources('AWS::Lambda::Function'))
      .map((f) => (f as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties)
      .map((p) => p.Environment?.Variables?.CHARTER_AUTH_ISSUER)
      .filter(Boolean);
    const [authorizer] = Object.values(services.findResources('AWS::ApiGatewayV2::Authorizer')) as Array<{
      Properties: { JwtConfiguration: { Issuer: unknown } };
    }>;
    expect(issuers).toEqual([authorizer!.Properties.JwtConfiguration.Issuer]);
  });

  it('publishes every alarm to an encrypted, TLS-only topic that CloudWatch may use', () => {
    const [topicId] = Object.keys(services.findResources('AWS::SNS::Topic'));
    const [keyId] = Object.keys(services.findResources('AWS::KMS::Key'));
    services.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    services.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    });
    const topicPolicy = JSON.stringify(services.findResources('AWS::SNS::TopicPolicy'));
    expect(topicPolicy).toContain('"aws:SecureTransport":"false"');
    const alarms = Object.values(services.findResources('AWS::CloudWatch::Alarm')) as Array<{
      Properties: { AlarmActions: unknown[]; OKActions: unknown[] };
    }>;
    expect(alarms.length).toBe(6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('alarms on dead letters and on errors and throttles of each function', () => {
    const dlqId = Object.entries(services.findResources('AWS::SQS::Queue')).find(
      ([, q]) => !JSON.stringify(q).includes('RedrivePolicy'),
    )![0];
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    for (const fn of ownFunctions(services)) {
      for (const metric of ['Errors', 'Throttles']) {
        services.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
          Threshold: 1,
        });
      }
    }
  });
});

describe('stack outputs', () => {
  /** The logical id of the one resource of `type` whose properties match `where`. */
  const resourceId = (template: Template, type: string, where: Record<string, unknown> = {}) => {
    const ids = Object.keys(template.findResources(type, { Properties: Match.objectLike(where) }));
    expect(ids, type).toHaveLength(1);
    return ids[0]!;
  };
  /** What the data stack exports under `name` (the value a services stack import resolves to). */
  const exported = (name: unknown) =>
    Object.values(data.findOutputs('*')).find(
      (output) => (output as { Export?: { Name: unknown } }).Export?.Name === name,
    )?.Value;
  const outputValue = (template: Template, key: string) =>
    (template.findOutputs(key)[key] as { Value: unknown } | undefined)?.Value;

  it('names every output the CLI reads, in the services stack it reads them from', () => {
    expect(built.stateless.stackName).toBe(SERVICES_STACK_NAME);
    // Fixed keys, not generated ids such as QueryUrl3B185A19.
    expect(Object.keys(services.findOutputs('*')).sort()).toEqual(Object.values(STACK_OUTPUT_KEYS).sort());
    const apiId = resourceId(services, 'AWS::ApiGatewayV2::Api');
    services.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } });
    services.hasOutput('UserPoolClientId', {
      Value: { Ref: resourceId(services, 'AWS::Cognito::UserPoolClient') },
    });
  });

  it('outputs the data stack names there too; the services outputs import exactly that bucket, table and pool', () => {
    const expected = {
      BucketName: {
        Ref: resourceId(data, 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } }),
      },
      TableName: { Ref: resourceId(data, 'AWS::DynamoDB::GlobalTable') },
      UserPoolId: { Ref: resourceId(data, 'AWS::Cognito::UserPool') },
    };
    for (const [key, value] of Object.entries(expected)) {
      data.hasOutput(key, { Value: value });
      const imported = outputValue(services, key) as { 'Fn::ImportValue'?: unknown };
      expect(imported, key).toHaveProperty('Fn::ImportValue');
      expect(exported(imported['Fn::ImportValue']), key).toEqual(value);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  for (const name of ['stateful', 'stateless'] as const) {
    it(`finds no unacknowledged error on the ${name} stack`, () => {
      const report = new AwsSolutionsChecks().validateScope(built[name]);
      const errors = report.violations.filter((v) => v.severity === 'error' || v.severity === 'high');
      expect(errors.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`)).toEqual(
        [],
      );
    });
  }

  it('gives every acknowledged finding a written reason', () => {
    const acknowledged: Array<{ id: string; reason: string }> = [];
    const visit = (node: IConstruct) => {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.push({ id, reason });
        }
      }
      for (const child of node.node.children) visit(child);
    };
    visit(built.app);
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const { id, reason } of acknowledged) expect(reason.split(' ').length, id).toBeGreaterThan(8);
  });
});
