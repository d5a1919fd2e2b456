/**
 * The local ingest off the server's event loop: the ingest Lambda's handler runs in a worker thread
 * (ingest-worker.mjs), so cleaning and aligning a large edition, seconds of CPU, never keeps the local API or
 * the embedded S3 and DynamoDB servers (all on the main thread) from answering. The thread is started on the
 * first message with the environment the handlers read (configured by then), and again after it dies: a
 * crashed thread fails the messages in flight, which the local queue retries like any failure.
 */
import { Worker } from 'node:worker_threads';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

interface Reply {
  id?: number;
  ready?: boolean;
  result?: SQSBatchResponse;
  error?: { name: string; message: string; stack?: string };
}

/** Runs the ingest handler in a worker thread; one instance per local queue. */
export class IngestThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<
    number,
    { resolve: (r: SQSBatchResponse) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;

  constructor(private readonly entry: URL = new URL('./ingest-worker.mjs', import.meta.url)) {}

  /** The handler's batch response for `event`, computed in the worker thread. */
  handle(event: SQSEvent): Promise<SQSBatchResponse> {
    const worker = this.start();
    const id = ++this.nextId;
    return new Promise<SQSBatchResponse>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Keep the process alive while a message is in flight, not while the thread idles.
      worker.ref();
      worker.postMessage({ id, event });
    });
  }

  /** Stops the thread (messages in flight fail; the persisted queue delivers them again on the next start). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The handlers read their configuration from the environment: the thread gets a copy as it is now.
    const worker = new Worker(this.entry, { env: { ...process.env } });
    worker.on('message', (reply: Reply) => {
      if (reply.id === undefined) return;
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (!waiting) return;
      if (reply.error) {
        const error = new Error(reply.error.message);
        error.name = reply.error.name;
        if (reply.error.stack) error.stack = reply.error.stack;
        waiting.reject(error);
      } else waiting.resolve(reply.result ?? { batchItemFailures: [] });
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.waiting) {
        this.waiting.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ingest thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
