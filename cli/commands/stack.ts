/**
 * `charter stack [--refresh] [--json]`: the deployed stack that `CHARTER_STACK=aws` uses (name, region, status,
 * outputs) and the bucket, table and API URL the other commands take from it or from the environment.
 */
import { type RemoteConfig, stackConfig } from '../config.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { STACK_OUTPUT_KEYS } from '../stack-outputs.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('stack', 'show the deployed stack the CLI uses with CHARTER_STACK=aws')
    .option('--refresh', 'read the stack from CloudFormation again instead of the cache (10 minutes)')
    .addHelpText(
      'after',
      '\nEnvironment: CHARTER_STACK=aws; CHARTER_STACK_NAME (default CharterAlignServices); AWS_REGION, else\n' +
        "the AWS profile's region; CHARTER_BUCKET, CHARTER_TABLE, CHARTER_API_URL replace the stack's outputs.\n" +
        'Exit codes: 0 found, 1 not deployed or an output is missing, 2 usage error or no region, 3 no such stack.',
    );
  return runCommand(program, argv, async (_args, options) => {
    const config = stackConfig();
    const settings = (config as RemoteConfig).deployed;
    if (!settings) {
      const now = config.kind === 'embedded' ? 'the embedded local stack' : 'the configured endpoints';
      throw new CliError(`set CHARTER_STACK=aws to use a deployed stack (the CLI uses ${now})`, EXIT.usage);
    }
    const { describeDeployedStack } = await import('../deployed-stack.ts');
    const stack = await describeDeployedStack({
      ...settings,
      refresh: settings.refresh || !!options.refresh,
    });
    const uses = {
      bucket: settings.explicit.bucket ?? stack.outputs[STACK_OUTPUT_KEYS.bucketName] ?? null,
      table: settings.explicit.table ?? stack.outputs[STACK_OUTPUT_KEYS.tableName] ?? null,
      apiUrl: settings.explicit.apiUrl ?? stack.outputs[STACK_OUTPUT_KEYS.apiUrl] ?? null,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...stack, uses })}\n`);
    } else {
      const when = stack.cached ? `cached from ${stack.describedAt}` : 'read now';
      const lines = [
        `stack ${stack.stackName} in ${stack.region}: ${stack.status} (${when})`,
        ...Object.entries(stack.outputs).map(([key, value]) => `  ${key}: ${value}`),
        `uses bucket ${uses.bucket ?? '(none: set CHARTER_BUCKET)'}, table ${uses.table ?? '(none: set CHARTER_TABLE)'}`,
        `API ${uses.apiUrl ?? '(none: set CHARTER_API_URL)'}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return EXIT.ok;
  });
}
