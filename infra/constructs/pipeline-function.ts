import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Files the handlers read at run time: language data, charter structures, dictionaries. */
const RUNTIME_FILES = [
  'data',
  'corpus',
  'node_modules/@cspell/dict-sv',
  'node_modules/@cspell/dict-da-dk',
  'node_modules/@cspell/dict-nb-no',
  'node_modules/@cspell/dict-en_us',
];

export interface PipelineFunctionProps {
  /** Handler file under functions/handlers, without extension. */
  handler: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Ship language data, charters and dictionaries beside the code (the ingest Lambda needs them). */
  withRuntimeData?: boolean;
}

/** A Node 22 Lambda bundled from functions/handlers with esbuild, shipping the runtime data beside it. */
export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, 'functions/handlers', `${props.handler}.ts`),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }),
      environment: { ...props.environment, CHARTER_ROOT: '/var/task', NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        sourceMap: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            (props.withRuntimeData ? RUNTIME_FILES : []).map(
              (file) =>
                `mkdir -p "$(dirname "${outputDir}/${file}")" && cp -r "${inputDir}/${file}" "${outputDir}/${file}"`,
            ),
        },
      },
    });
  }
}
