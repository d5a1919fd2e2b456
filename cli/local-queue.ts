/**
 * An in-process stand-in for the SQS ingest queue: delivers each message to the handler as an SQS event,
 * re-delivers failed ones, and moves a message to the dead letters after `maxReceives` receives.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

interface Message {
  id: string;
  body: string;
  receives: number;
}

export class LocalQueue {
  readonly deadLetters: Array<{ body: string; error: string }> = [];
  private readonly pending: Message[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly handler: Handler,
    private readonly maxReceives = 3,
  ) {}

  send(body: string): void {
    this.pending.push({ id: randomUUID(), body, receives: 0 });
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when every message sent so far was handled or dead-lettered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const message = this.pending.shift()!;
      message.receives++;
      let failed: string | null = null;
      try {
        const response = await this.handler(toSqsEvent(message));
        if (response?.batchItemFailures.some((f) => f.itemIdentifier === message.id))
          failed = 'reported as failed';
      } catch (error) {
        failed = error instanceof Error ? error.message : String(error);
      }
      if (!failed) continue;
      if (message.receives >= this.maxReceives) this.deadLetters.push({ body: message.body, error: failed });
      else this.pending.push(message);
    }
  }
}

function toSqsEvent(message: Message): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: message.id,
        receiptHandle: message.id,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receives),
          SentTimestamp: now,
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: now,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
        awsRegion: 'us-east-1',
      },
    ],
  };
}
