import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  type IngestDeps,
  type IngestOutcome,
  ingestEdition,
  realignEarlierEditions,
} from '../core/editions/ingest-edition.ts';
import { parseRefreshRequestKey } from '../core/editions/refresh-request.ts';
import { depsFromEnvironment } from './deps.ts';
import { createdObjects, sqsEventSchema } from './s3-event.ts';

/** The part of Powertools `Metrics` the ingest handler uses. */
export interface IngestMetrics {
  addMetric(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): unknown;
  publishStoredMetrics(): unknown;
}

const OUTCOME_METRIC: Record<IngestOutcome['status'], string> = {
  aligned: 'EditionsAligned',
  unchanged: 'EditionsUnchanged',
  rejected: 'EditionsRejected',
  candidate: 'EditionsHeldBack',
  superseded: 'EditionsSuperseded',
  ignored: 'UploadsIgnored',
};

/**
 * Builds the SQS-triggered ingest handler: validates the event (zod), ingests every ObjectCreated record of
 * each message, and reports failed messages as partial batch failures so only they are received again.
 * Metrics are published once per batch when a metrics sink is given.
 */
export function createIngestHandler(
  deps: IngestDeps,
  logger = new Logger({ serviceName: 'charter-ingest' }),
  metrics?: IngestMetrics,
) {
  const recordHandler = async (record: SQSRecord) => {
    const receives = record.attributes?.ApproximateReceiveCount;
    let objects: ReturnType<typeof createdObjects>;
    try {
      objects = createdObjects(record.body);
    } catch (error) {
      metrics?.addMetric('MalformedMessages', MetricUnit.Count, 1);
      logger.error('not an S3 event notification; it will be dead-lettered after its receives', {
        messageId: record.messageId,
        receives,
        error: error as Error,
      });
      throw error;
    }
    for (const object of objects) {
      const started = Date.now();
      const request = parseRefreshRequestKey(object.key);
      if (request) {
        // A candidate promoted through the API: refresh the charter's flags for its current version.
        const edition = await deps.editions.getEdition(request.charter, request.lang);
        const current = edition !== null && edition.version >= request.version;
        if (current) await deps.afterAligned?.(edition);
        // A promoted first edition is a new reference language, as an upload that becomes current is.
        const realigned =
          current && request.realign ? await realignEarlierEditions(request.charter, request.lang, deps) : [];
        metrics?.addMetric('FlagRefreshes', MetricUnit.Count, 1);
        logger.info('review flags refreshed on request', {
          key: object.key,
          current: edition?.version,
          ...(realigned.length ? { realigned } : {}),
        });
        continue;
      }
      try {
        const outcome = await ingestEdition(object.key, deps, {
          event: { eventTime: object.eventTime, sequencer: object.sequencer },
        });
        metrics?.addMetric(OUTCOME_METRIC[outcome.status], MetricUnit.Count, 1);
        metrics?.addMetric('IngestDuration', MetricUnit.Milliseconds, Date.now() - started);
        if (outcome.status === 'aligned')
          metrics?.addMetric('ClausesAligned', MetricUnit.Count, outcome.clauses);
        const level = ['rejected', 'ignored', 'candidate'].includes(outcome.status) ? 'warn' : 'info';
        logger[level]('edition ingested', { key: object.key, eTag: object.eTag, ...outcome });
      } catch (error) {
        metrics?.addMetric('IngestErrors', MetricUnit.Count, 1);
        logger.error('ingest failed; the message will be received again', {
          key: object.key,
          messageId: record.messageId,
          receives,
          error: error as Error,
        });
        throw error;
      }
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    const parsed = sqsEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('not an SQS event', { issues: parsed.error.issues });
      throw new TypeError(`ingest expects an SQS event: ${parsed.error.issues[0]?.message}`);
    }
    const processor = new BatchProcessor(EventType.SQS);
    try {
      // Every failed message is listed, even when all failed, so SQS retries exactly those.
      return await processPartialResponse(event, recordHandler, processor, {
        ...(context ? { context } : {}),
        throwOnFullBatchFailure: false,
      });
    } finally {
      metrics?.publishStoredMetrics();
    }
  };
}

let built: ReturnType<typeof createIngestHandler> | undefined;

/** The Lambda entry point; dependencies come from the environment, built once per container. */
export const handler = async (event: SQSEvent, context: Context) => {
  built ??= createIngestHandler(
    depsFromEnvironment(),
    new Logger({ serviceName: 'charter-ingest' }),
    new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CharterAlign' }),
  );
  return built(event, context);
};
