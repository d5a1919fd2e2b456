import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RUNTIME_FILES } from '../bundling.ts';
import { API_TABLE_ACTIONS } from '../table-actions.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { tableStatement } from './table-access.ts';

export interface QueryApiProps {
  table: dynamodb.ITableV2;
  /** esbuild `define` entries for the api bundle (the review page's files). */
  define?: Record<string, string>;
}

/** Routes anyone may call: the published clause texts and their export, the review queue and the review page. */
export const OPEN_ROUTES = [
  '/charters',
  '/charters/{charter}/clauses/{clause}',
  '/charters/{charter}/editions',
  '/charters/{charter}/editions/{lang}',
  /** The charter's aligned record as TMX, CSV or JSON (`?format=`). */
  '/charters/{charter}/export',
  '/reviews',
  '/reviews/{flag}',
  '/review',
  '/review/{proxy+}',
  /** Redirects to the review page. */
  '/',
  /** The API's OpenAPI 3.1 description (functions/handlers/api/openapi.ts). */
  '/openapi.json',
  /** The same description as a page. */
  '/docs',
] as const;

/** Routes that change data: signed requests only (IAM, SigV4). */
export const SIGNED_ROUTES = [{ method: apigw.HttpMethod.POST, path: '/reviews/{flag}' }] as const;

/**
 * The HTTP API and its Lambda: GET routes open, review decisions behind IAM authorization, access logs and
 * throttling on the default stage. The function reads the table and writes review items only.
 */
export class QueryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly handler: PipelineFunction;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'api',
      environment: { TABLE_NAME: props.table.tableName },
      memorySize: 512,
      timeout: Duration.seconds(10),
      runtimeFiles: RUNTIME_FILES.api,
      define: props.define,
    });
    this.handler.role.attachInlinePolicy(
      new iam.Policy(this, 'Access', {
        statements: [tableStatement(props.table, API_TABLE_ACTIONS)],
      }),
    );

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'charter-align query and review API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs) },
    });

    const integration = new HttpLambdaIntegration('Integration', this.handler.fn);
    for (const path of OPEN_ROUTES) {
      for (const route of this.api.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration })) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'A read-only route over published charter texts and the public review queue; every write goes through the IAM-authorized POST route.',
        });
      }
    }
    const signed = new HttpIamAuthorizer();
    for (const route of SIGNED_ROUTES) {
      this.api.addRoutes({ path: route.path, methods: [route.method], integration, authorizer: signed });
    }
    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint });
  }
}
