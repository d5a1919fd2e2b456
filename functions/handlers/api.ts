import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { EditionStore } from '../core/editions/types.ts';
import { editionStoreFromEnvironment } from './deps.ts';

type Route = (params: string[], store: EditionStore) => Promise<APIGatewayProxyStructuredResultV2>;

const ID = '([a-z0-9][a-z0-9.-]*)';
const routes: Array<[RegExp, Route]> = [
  [
    new RegExp(`^/charters/${ID}/clauses/${ID}$`),
    async ([charter, clauseId], store) => {
      const records = await store.getClause(charter!, clauseId!);
      if (records.length === 0) return json(404, { error: `no clause ${clauseId} in charter ${charter}` });
      const languages = Object.fromEntries(
        records.map((r) => [r.lang, { text: r.text, confidence: r.confidence, version: r.version }]),
      );
      return json(200, { charter, clauseId, order: records[0]!.order, languages });
    },
  ],
  [
    new RegExp(`^/charters/${ID}/editions/${ID}$`),
    async ([charter, lang], store) => {
      const edition = await store.getEdition(charter!, lang!);
      if (!edition) return json(404, { error: `no ${lang} edition of charter ${charter}` });
      const clauses = await store.listEditionClauses(charter!, lang!);
      return json(200, {
        edition,
        clauses: clauses.map((c) => ({ id: c.clauseId, text: c.text, confidence: c.confidence })),
      });
    },
  ],
  [
    new RegExp(`^/charters/${ID}/editions$`),
    async ([charter], store) => json(200, { charter, editions: await store.listEditions(charter!) }),
  ],
];

/** Builds the query API handler (API Gateway HTTP API, payload v2). */
export function createApiHandler(store: EditionStore, logger = new Logger({ serviceName: 'charter-api' })) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    if (method !== 'GET') return json(405, { error: `${method} is not allowed here` });
    for (const [pattern, route] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      try {
        return await route(match.slice(1), store);
      } catch (error) {
        logger.error('query failed', { path, error: error as Error });
        return json(500, { error: 'internal error' });
      }
    }
    return json(404, { error: `no route for ${path}` });
  };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

let built: ReturnType<typeof createApiHandler> | undefined;

/** The Lambda entry point. */
export const handler = async (event: APIGatewayProxyEventV2) => {
  built ??= createApiHandler(editionStoreFromEnvironment());
  return built(event);
};
