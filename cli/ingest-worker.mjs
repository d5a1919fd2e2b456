// Worker thread of the local ingest (see ingest-thread.ts): runs the ingest Lambda's own handler, its
// dependencies built from the environment the thread was started with, one message at a time as the parent
// posts them. Plain JavaScript so that it starts the same way under the bundled CLI, tsx and vitest: it loads
// the TypeScript sources through tsx.
import { parentPort } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
const { handler } = await import('../functions/handlers/ingest.ts');

parentPort.on('message', async ({ id, event }) => {
  try {
    parentPort.postMessage({ id, result: await handler(event) });
  } catch (error) {
    const { name = 'Error', message = String(error), stack } = error instanceof Error ? error : {};
    parentPort.postMessage({ id, error: { name, message, stack } });
  }
});
parentPort.postMessage({ ready: true });
