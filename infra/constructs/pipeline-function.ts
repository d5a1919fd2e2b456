import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import {
  compileResourcesCommand,
  externalModules,
  HANDLER_BUNDLING,
  handlerEntry,
  repoRoot,
} from '../bundling.ts';

export interface PipelineFunctionProps {
  /** Handler file under functions/handlers, without extension. */
  handler: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Files (relative to the repository) copied beside the bundle; the code finds them through CHARTER_ROOT. */
  runtimeFiles?: readonly string[];
  /** Ship the decoded dictionaries and compiled frequency lists (`compiled/`, see infra/compile-resources.ts). */
  compiledResources?: boolean;
  /** esbuild `define` entries (e.g. files embedded in the bundle). */
  define?: Record<string, string>;
}

/**
 * A Node 22 arm64 Lambda bundled from functions/handlers by the local esbuild (never Docker), with its own log
 * group and a role that holds nothing but what is granted to it: no managed policies, logs only to its group.
 */
export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `charter-align ${props.handler} function`,
    });
    this.logGroup.grantWrite(this.role);
    const copies = props.runtimeFiles ?? [];
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handler),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        CHARTER_ROOT: '/var/task',
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `charter-${props.handler}`,
        POWERTOOLS_METRICS_NAMESPACE: 'CharterAlign',
      },
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: HANDLER_BUNDLING.target,
        minify: HANDLER_BUNDLING.minify,
        mainFields: HANDLER_BUNDLING.mainFields,
        banner: HANDLER_BUNDLING.banner,
        externalModules: externalModules(props.handler),
        sourceMap: true,
        forceDockerBundling: false,
        define: props.define,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...copies.map(
              (file) =>
                `mkdir -p "$(dirname "${outputDir}/${file}")" && cp -r "${inputDir}/${file}" "${outputDir}/${file}"`,
            ),
            ...(props.compiledResources ? [compileResourcesCommand(inputDir, outputDir)] : []),
          ],
        },
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this project targets and tests against (the code stays Node 20 compatible).',
    });
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires "*".',
      });
    }
  }
}
