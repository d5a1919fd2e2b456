import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  type AccessSettings,
  DEFAULT_ACCESS,
  ROUTE_ACCESS,
  type RouteRule,
  requirementOf,
} from '../../functions/core/auth/access.ts';
import { RUNTIME_FILES } from '../bundling.ts';
import { API_TABLE_ACTIONS } from '../table-actions.ts';
import { nagToken } from './ingest-function.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { tableStatement } from './table-access.ts';

export interface QueryApiProps {
  table: dynamodb.ITableV2;
  /**
   * The editions bucket, for promotion: the API reads a candidate's alignment report under `processedPrefix`
   * and writes a flag refresh request for the ingest function under `requestPrefix`; nothing else.
   */
  bucket: s3.IBucket;
  processedPrefix: string;
  requestPrefix: string;
  /** esbuild `define` entries for the api bundle (the review page's files). */
  define?: Record<string, string>;
  /** The reviewers' user pool and its hosted sign-in domain (base URL). */
  signIn: { userPool: cognito.IUserPool; domainUrl: string };
  /** Which GET routes need no sign-in (default: clause texts public, review data private). */
  access?: AccessSettings;
  /** Extra sign-in callback URLs for the review page (e.g. a custom domain). */
  callbackUrls?: string[];
}

/** The API's routes as `METHOD /path`, split by whether they need a signed-in user, under these settings. */
export function routesByAccess(settings: AccessSettings = DEFAULT_ACCESS): {
  open: RouteRule[];
  signedIn: RouteRule[];
} {
  const open = ROUTE_ACCESS.filter((rule) => requirementOf(rule.kind, settings) === 'public');
  return { open, signedIn: ROUTE_ACCESS.filter((rule) => !open.includes(rule)) };
}

/**
 * The HTTP API and its Lambda. Routes come from the shared access table (functions/core/auth/access.ts): every
 * route that reads review data or writes has the JWT authorizer of the reviewers' user pool, the others are
 * open. The Lambda then checks the token's groups (readers read, reviewers decide) with the same table. The
 * review page signs in with the hosted UI (authorization code with PKCE) through the app client made here.
 * The function reads the table, puts review items and, to promote a held-back candidate, moves an edition's
 * version (see infra/table-actions.ts); in the bucket it reads processed output and writes refresh requests.
 */
export class QueryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly handler: PipelineFunction;
  readonly accessLogs: logs.LogGroup;

  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const access = props.access ?? DEFAULT_ACCESS;
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'charter-align query and review API',
      createDefaultStage: false,
    });
    // The review page's app client: public (no secret, so PKCE), authorization code only, tokens for an hour.
    const page = `${this.api.apiEndpoint}/review`;
    // Made in this stack, not with userPool.addClient: the client names the API's URL.
    this.client = new cognito.UserPoolClient(this, 'ReviewPage', {
      userPool: props.signIn.userPool,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [page, ...(props.callbackUrls ?? [])],
        logoutUrls: [page, ...(props.callbackUrls ?? [])],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    // No password flows on this client (absent, Cognito would allow SRP and custom auth): the hosted UI only.
    (this.client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = [
      'ALLOW_REFRESH_TOKEN_AUTH',
    ];

    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'api',
      environment: {
        TABLE_NAME: props.table.tableName,
        BUCKET_NAME: props.bucket.bucketName,
        CHARTER_PUBLIC_READS: access.publicReads.join(',') || 'none',
        // What the review page needs to sign in (GET /auth/config).
        CHARTER_AUTH_DOMAIN: props.signIn.domainUrl,
        CHARTER_AUTH_CLIENT_ID: this.client.userPoolClientId,
        // The authorizer's issuer: the Lambda verifies a token itself on the public routes, which have none.
        CHARTER_AUTH_ISSUER: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${props.signIn.userPool.userPoolId}`,
      },
      memorySize: 512,
      timeout: Duration.seconds(10),
      runtimeFiles: RUNTIME_FILES.api,
      define: props.define,
    });
    const processed = `${props.bucket.bucketArn}/${props.processedPrefix}*`;
    const requests = `${props.bucket.bucketArn}/${props.requestPrefix}*`;
    const policy = new iam.Policy(this, 'Access', {
      statements: [
        tableStatement(props.table, API_TABLE_ACTIONS),
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [processed] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [requests] }),
      ],
    });
    this.handler.role.attachInlinePolicy(policy);
    const bucketArn = Stack.of(this).resolve(props.bucket.bucketArn) as unknown;
    Validations.of(policy).acknowledge(
      ...[props.processedPrefix, props.requestPrefix].map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::${nagToken(bucketArn)}/${prefix}*]`,
        reason: `S3 object ARNs under a key prefix need a trailing wildcard; this grants ${prefix} only.`,
      })),
    );

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs) },
    });

    const integration = new HttpLambdaIntegration('Integration', this.handler.fn);
    const authorizer = new HttpUserPoolAuthorizer('Reviewers', props.signIn.userPool, {
      userPoolClients: [this.client],
    });
    const { open, signedIn } = routesByAccess(access);
    for (const rule of open) {
      const methods = [apigw.HttpMethod[rule.method]];
      for (const route of this.api.addRoutes({ path: rule.path, methods, integration })) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'A public read-only route (the review page, or published clause texts by the deploy-time setting); routes that read review data or write have the JWT authorizer.',
        });
      }
    }
    for (const rule of signedIn) {
      this.api.addRoutes({
        path: rule.path,
        methods: [apigw.HttpMethod[rule.method]],
        integration,
        authorizer,
      });
    }
  }
}
