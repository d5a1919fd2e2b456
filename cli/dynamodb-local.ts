/**
 * AWS's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) started with Java on a free loopback port,
 * in memory: the second DynamoDB the integration tests and the reliability bench can run on besides dynalite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-stack.ts';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  endpoint: string;
  /** Stops the Java process and removes its working folder. */
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (needs `java` on the PATH) and resolves once it answers ListTables. */
export async function startDynamoDbLocal(timeoutMs = 60_000): Promise<DynamoDbLocal> {
  const jarDir = fileURLToPath(
    new URL('../node_modules/amplify-dynamodb-simulator/emulator/', import.meta.url),
  );
  const port = await freePort();
  // It writes dynamodb-local-metadata.json into its working folder: a temporary one keeps the repository clean.
  const cwd = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${jarDir}DynamoDBLocal_lib`,
      '-jar',
      `${jarDir}DynamoDBLocal.jar`,
      '-inMemory',
      '-port',
      String(port),
    ],
    { stdio: 'ignore', cwd },
  );
  let failure: Error | undefined;
  child.on('error', (error) => {
    failure = new Error(`DynamoDB Local could not start (is java installed?): ${error.message}`);
  });
  child.on('exit', (code) => {
    failure ??= new Error(`DynamoDB Local exited with code ${code}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      if (failure) throw failure;
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
