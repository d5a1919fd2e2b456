import { CfnOutput } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PipelineFunction } from './pipeline-function.ts';

export interface QueryApiProps {
  table: dynamodb.ITableV2;
}

/** Read-only HTTP API over the clause table. */
export class QueryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'api',
      environment: { TABLE_NAME: props.table.tableName },
      memorySize: 512,
    });
    props.table.grantReadData(this.handler.fn);

    const integration = new HttpLambdaIntegration('Integration', this.handler.fn);
    this.api = new apigw.HttpApi(this, 'Api', { description: 'charter-align query and review API' });
    const read = (routePath: string) =>
      this.api.addRoutes({ path: routePath, methods: [apigw.HttpMethod.GET], integration });
    read('/charters/{charter}/clauses/{clause}');
    read('/charters/{charter}/editions/{lang}');
    read('/charters/{charter}/editions');
    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint });
  }
}
