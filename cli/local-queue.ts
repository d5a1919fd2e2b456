/**
 * An in-process stand-in for the SQS ingest queue, with the cloud queue's rules: the handler receives batches
 * of up to `batchSize` messages as an SQS event and reports partial batch failures; a failed message is
 * received again, and after `maxReceives` receives it goes to the dead letters. A failed message waits before it
 * is received again (as an SQS message stays invisible until its visibility timeout ends): by default 2 s after
 * the first failure and 8 s after the second, so an outage of a few seconds does not dead-letter an upload.
 *
 * With a `dir`, every message is a file there until it is handled (dead letters move to `dir/dead/`), and its
 * receive count is written before each delivery: a process killed mid-ingest finds the message on the next
 * start (`resume`) and delivers it again, as SQS would after the visibility timeout.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/** A message as kept on disk. */
export interface QueueMessage {
  id: string;
  body: string;
  receives: number;
  sentAt: string;
  /** Not received again before this time (ms since the epoch): the wait after a failure. */
  visibleAt?: number;
}

/** A message that failed `maxReceives` times, with the last error. */
export interface DeadLetter {
  id: string;
  body: string;
  error: string;
  receives: number;
}

/** The queue's rules and where it keeps its messages. */
export interface LocalQueueOptions {
  /** Receives before a message goes to the dead letters (the CDK queue's maxReceiveCount). */
  maxReceives?: number;
  /** Messages per handler call (the CDK event source's batchSize). */
  batchSize?: number;
  /** Folder persisting pending messages and dead letters; omit to keep them in memory. */
  dir?: string;
  /** Milliseconds a message waits after its n-th failed receive. Default {@link retryDelay}. */
  retryDelayMs?: (receives: number) => number;
}

/** The default wait after the n-th failed receive: 2 s, then 8 s (then 32 s, at most 60 s). */
export function retryDelay(receives: number): number {
  return Math.min(60_000, 2000 * 4 ** Math.max(0, receives - 1));
}

/** The local ingest queue (see the module comment). */
export class LocalQueue {
  readonly deadLetters: DeadLetter[] = [];
  private readonly pending: QueueMessage[] = [];
  private readonly maxReceives: number;
  private readonly batchSize: number;
  private readonly dir: string | undefined;
  private readonly retryDelayMs: (receives: number) => number;
  private readonly deadListeners: Array<(letter: DeadLetter) => void> = [];
  private running: Promise<void> | null = null;
  private inFlight = 0;
  private readonly handled = new Map<string, number>();

  constructor(
    private readonly handler: Handler,
    options: LocalQueueOptions | number = {},
  ) {
    const opts = typeof options === 'number' ? { maxReceives: options } : options;
    this.maxReceives = opts.maxReceives ?? 3;
    this.batchSize = opts.batchSize ?? 5;
    this.dir = opts.dir;
    this.retryDelayMs = opts.retryDelayMs ?? retryDelay;
    if (this.dir) {
      mkdirSync(join(this.dir, 'dead'), { recursive: true });
      for (const name of readdirSync(join(this.dir, 'dead'))
        .filter((n) => n.endsWith('.json'))
        .sort()) {
        this.deadLetters.push(JSON.parse(readFileSync(join(this.dir, 'dead', name), 'utf8')) as DeadLetter);
      }
    }
  }

  /** Enqueues a message (persisted before this returns) and starts delivering. */
  send(body: string): QueueMessage {
    const message: QueueMessage = { id: randomUUID(), body, receives: 0, sentAt: new Date().toISOString() };
    this.persist(message);
    this.pending.push(message);
    this.start();
    return message;
  }

  /** Re-delivers the messages a previous process left in `dir`; returns how many there were. */
  resume(): number {
    if (!this.dir) return 0;
    const known = new Set(this.pending.map((m) => m.id));
    const left = readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => readMessage(join(this.dir!, name)))
      .filter((m): m is QueueMessage => m !== null && !known.has(m.id))
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    this.pending.push(...left);
    if (left.length > 0) this.start();
    return left.length;
  }

  /** Messages not yet handled or dead-lettered. */
  get size(): number {
    return this.pending.length + this.inFlight;
  }

  /** Bodies of the messages not yet handled. */
  pendingBodies(): string[] {
    return this.pending.map((m) => m.body);
  }

  /**
   * How many messages naming S3 object `key` (with ETag `etag`, when given) this queue has finished with,
   * handled or dead-lettered: a count that grows after an upload says the pipeline is done with it.
   */
  handledCount(key: string, etag?: string): number {
    return this.handled.get(etag === undefined ? key : `${key}\u0000${etag}`) ?? 0;
  }

  onDeadLetter(listener: (letter: DeadLetter) => void): void {
    this.deadListeners.push(listener);
  }

  /** Resolves when every message sent so far was handled or dead-lettered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    // Start on the next turn, so messages sent together are received together (up to batchSize).
    this.running ??= new Promise((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
      });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const now = Date.now();
      const visible = this.pending.filter((m) => (m.visibleAt ?? 0) <= now).slice(0, this.batchSize);
      if (visible.length === 0) {
        // Every message left is waiting out its retry delay.
        const next = Math.min(...this.pending.map((m) => m.visibleAt ?? 0));
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, next - now)));
        continue;
      }
      for (const message of visible) this.pending.splice(this.pending.indexOf(message), 1);
      const batch = visible;
      this.inFlight = batch.length;
      for (const message of batch) {
        message.receives++;
        this.persist(message);
      }
      const failures = new Map<string, string>();
      try {
        const response = await this.handler(toSqsEvent(batch));
        for (const failure of response?.batchItemFailures ?? []) {
          failures.set(
            failure.itemIdentifier,
            'the handler reported it failed (CHARTER_DEBUG=1 shows its log)',
          );
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        for (const message of batch) failures.set(message.id, reason);
      }
      for (const message of batch) {
        const failed = failures.get(message.id);
        if (failed !== undefined && message.receives < this.maxReceives) {
          message.visibleAt = Date.now() + this.retryDelayMs(message.receives);
          this.persist(message);
          this.pending.push(message);
          continue;
        }
        if (failed === undefined) this.remove(message);
        else this.kill(message, failed);
        for (const { key, etag } of objectRefs(message.body)) {
          for (const id of etag ? [key, `${key}\u0000${etag}`] : [key]) {
            this.handled.set(id, (this.handled.get(id) ?? 0) + 1);
          }
        }
      }
      this.inFlight = 0;
    }
  }

  private persist(message: QueueMessage): void {
    if (!this.dir) return;
    const path = this.pathOf(message);
    writeFileSync(`${path}.tmp`, JSON.stringify(message));
    renameSync(`${path}.tmp`, path);
  }

  private remove(message: QueueMessage): void {
    if (this.dir) rmSync(this.pathOf(message), { force: true });
  }

  private kill(message: QueueMessage, error: string): void {
    const letter: DeadLetter = { id: message.id, body: message.body, error, receives: message.receives };
    if (this.dir) {
      writeFileSync(join(this.dir, 'dead', `${fileStem(message)}.json`), JSON.stringify(letter));
      this.remove(message);
    }
    this.deadLetters.push(letter);
    for (const listener of this.deadListeners) listener(letter);
  }

  private pathOf(message: QueueMessage): string {
    return join(this.dir!, `${fileStem(message)}.json`);
  }
}

function fileStem(message: QueueMessage): string {
  return `${message.sentAt.replace(/[:.]/g, '-')}-${message.id}`;
}

/** Object keys of an S3 event notification body (decoded as S3 encodes them); none for other bodies. */
export function objectKeys(body: string): string[] {
  return objectRefs(body).map((ref) => ref.key);
}

/** Object keys and ETags (unquoted, when the event has them) of an S3 event notification body. */
export function objectRefs(body: string): Array<{ key: string; etag?: string }> {
  try {
    const event = JSON.parse(body) as {
      Records?: Array<{ s3?: { object?: { key?: string; eTag?: string } } }>;
    };
    return (event.Records ?? []).flatMap((record) => {
      const object = record.s3?.object;
      if (!object?.key) return [];
      const key = decodeURIComponent(object.key.replace(/\+/g, ' '));
      return [object.eTag ? { key, etag: object.eTag.replaceAll('"', '') } : { key }];
    });
  } catch {
    return [];
  }
}

function readMessage(path: string): QueueMessage | null {
  try {
    const message = JSON.parse(readFileSync(path, 'utf8')) as QueueMessage;
    return typeof message.id === 'string' && typeof message.body === 'string' ? message : null;
  } catch {
    return null;
  }
}

function toSqsEvent(batch: QueueMessage[]): SQSEvent {
  return { Records: batch.map(toRecord) };
}

function toRecord(message: QueueMessage): SQSRecord {
  const sent = String(Date.parse(message.sentAt));
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receives),
      SentTimestamp: sent,
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: sent,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}
