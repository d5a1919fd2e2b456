/**
 * The API's zod schemas: what requests are validated against and what responses promise. The OpenAPI document
 * (openapi.ts) is generated from these same schemas; schemas registered with an `id` become named components.
 */
// zod/mini: the functional API, which esbuild tree-shakes (the chained one adds about 450 KB to the bundle).
import * as z from 'zod/mini';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/export/index.ts';
import { DIVERGENCE_KINDS, parseFlagId } from '../../core/reviews/flag-id.ts';
import { QUEUE_STATUSES } from '../../core/reviews/queue-cursor.ts';
import type { FlagStatus } from '../../core/reviews/types.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const PART = '[A-Za-z0-9][A-Za-z0-9._-]*';
/** The shape of a flag id, for the document; {@link parseFlagId} is the exact check. */
const FLAG_ID = new RegExp(`^${PART}:${PART}:(?:${DIVERGENCE_KINDS.join('|')}):${PART}(?:\\+${PART})*$`);

/** Registers `schema` as the named component `id` of the OpenAPI document. */
function named<T extends z.core.$ZodType>(id: string, description: string, schema: T): T {
  z.globalRegistry.add(schema, { id, description });
  return schema;
}

const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const pattern = (re: RegExp, what?: string) => z.string().check(z.regex(re, what));
const nullableNumber = z.nullable(z.number());
const statuses = QUEUE_STATUSES as [FlagStatus, ...FlagStatus[]];

/** A charter or clause id in a path; the message completes `"<value>" is not …`. */
export const idParam = pattern(ID, 'an id');
/** A language code in a path. */
export const langParam = pattern(ID, 'an id');
/** A review flag id in a path. */
export const flagIdParam = z.string().check(
  z.regex(FLAG_ID, 'a flag id (charter:clause:kind:lang+lang)'),
  z.refine((id) => parseFlagId(id) !== null, 'a flag id (charter:clause:kind:lang+lang)'),
);
/** A file of the review page. */
export const pageFileParam = z.string().check(z.minLength(1));

/** Query of GET /reviews. */
export const queueQuery = z.strictObject({
  status: z.optional(z.enum(statuses)),
  charter: z.optional(pattern(ID)),
  lang: z.optional(pattern(LANG)),
  kind: z.optional(z.enum(DIVERGENCE_KINDS)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});

/** Query of GET /charters/{charter}/export. */
export const exportQuery = z.strictObject({
  format: z._default(z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]), 'json'),
  source: z.optional(pattern(LANG)),
  /** `true`: a CSV starts with a UTF-8 byte-order mark, for spreadsheets (Excel) to read it as UTF-8. */
  bom: z._default(z.enum(['true', 'false']), 'false'),
});

/** Body of POST /reviews/{flag}. */
export const decisionBody = named(
  'Decision',
  'A reviewer decision on a flag; `by` is required when the request carries no identity.',
  z
    .strictObject({
      decision: z.enum(['accept', 'dismiss', 'correct', 'reopen']),
      note: z.string().check(z.trim(), z.minLength(1, 'say why: a note is required'), z.maxLength(4000)),
      by: z.optional(text(1, 200)),
      correctedText: z.optional(text(1, 20_000)),
      lang: z.optional(pattern(LANG)),
      revision: z.optional(z.int().check(z.minimum(1))),
    })
    .check(
      z.refine((body) => body.decision !== 'correct' || Boolean(body.correctedText), {
        message: 'a correction needs correctedText',
        path: ['correctedText'],
      }),
    ),
);

/** Body of POST /charters/{charter}/editions/{lang}/promote. */
export const promotionBody = named(
  'Promotion',
  'Which held-back candidate to make current: `version`, or the newest candidate when absent.',
  z.strictObject({ version: z.optional(z.int().check(z.minimum(1))) }),
);

/** What a promotion did. */
export const promotedResponse = named(
  'Promoted',
  'The candidate made current: `from` is the candidate version, `version` the new current version. ' +
    '`firstOfLanguage` when the language had no current version before: the earlier editions aligned against ' +
    'fewer than three reference languages are then aligned again with it (by the ingest function, after the answer).',
  z.strictObject({
    charter: z.string(),
    lang: z.string(),
    version: z.int(),
    from: z.int(),
    sourceKey: z.string(),
    clauseCount: z.int(),
    firstOfLanguage: z.boolean(),
    realigned: z.optional(
      z.array(z.strictObject({ lang: z.string(), status: z.string(), version: z.optional(z.int()) })),
    ),
    by: z.string(),
  }),
);

/** Every error answer. */
export const errorResponse = named(
  'Error',
  'An error: what went wrong, and one line per problem for a rejected request.',
  z.strictObject({ error: z.string(), issues: z.optional(z.array(z.string())) }),
);

const editionSummary = named(
  'EditionSummary',
  'One language edition of a charter, as the charter list gives it.',
  z.strictObject({
    lang: z.string(),
    status: z.enum(['writing', 'aligned', 'failed', 'candidate']),
    version: z.int(),
    clauseCount: z.int(),
    meanConfidence: z.number(),
    meanQuality: nullableNumber,
    updatedAt: z.string(),
  }),
);

/** A stored edition record; later fields may be added, so unknown ones are allowed. */
const edition = named(
  'Edition',
  'One language edition: its current version, where it came from and how the last upload went.',
  z.looseObject({
    charter: z.string(),
    lang: z.string(),
    version: z.int(),
    status: z.enum(['writing', 'aligned', 'failed', 'candidate']),
    sourceKey: z.string(),
    clauseCount: z.int(),
    meanConfidence: z.number(),
    meanQuality: nullableNumber,
    updatedAt: z.string(),
    residue: z.array(z.looseObject({ text: z.string(), after: z.optional(z.string()) })),
  }),
);

const decision = named(
  'DecisionRecord',
  "A decision on a flag (or the workflow's own reopened/resolved): who, when, why.",
  z.looseObject({
    status: z.enum(['accepted', 'dismissed', 'corrected', 'reopened', 'resolved']),
    by: z.string(),
    at: z.string(),
    note: z.string(),
    correctedText: z.optional(z.string()),
    lang: z.optional(z.string()),
  }),
);

const flag = named(
  'Flag',
  'A divergence between language editions under review; its id is stable across re-ingests.',
  z.looseObject({
    id: z.string(),
    charter: z.string(),
    clause: z.string(),
    langs: z.array(z.string()),
    kind: z.enum(DIVERGENCE_KINDS),
    severity: z.enum(['high', 'medium', 'low']),
    reason: z.string(),
    evidence: z.looseObject({
      actual: z.array(z.string()),
      expected: z.array(z.string()),
      comparedWith: z.array(z.string()),
      score: z.optional(z.strictObject({ value: z.number(), limit: z.number() })),
    }),
    status: z.enum(statuses),
    history: z.array(decision),
    createdAt: z.string(),
    updatedAt: z.string(),
    order: z.number(),
    revision: z.int(),
    resolvedAt: z.optional(z.string()),
  }),
);

/** 200 of GET /charters. */
export const chartersResponse = z.strictObject({
  charters: z.array(
    z.strictObject({
      charter: z.string(),
      editions: z.array(editionSummary),
      flags: z.strictObject(
        Object.fromEntries(QUEUE_STATUSES.map((s) => [s, z.int()])) as Record<FlagStatus, z.ZodMiniInt>,
      ),
    }),
  ),
});

/** Who corrected a served text, when, under which flag, and the OCR text the correction replaced. */
const clauseReview = named(
  'ClauseReview',
  "A reviewer's correction in force: who, when, under which flag, and the OCR text it replaced.",
  z.strictObject({ by: z.string(), at: z.string(), flagId: z.string(), ocrText: z.nullable(z.string()) }),
);
/** `aligned`: the OCR text; `reviewed`: a reviewer's correction. */
const servedStatus = z.enum(['aligned', 'reviewed']);

/** 200 of GET /charters/{charter}/clauses/{clause}. */
export const clauseResponse = z.strictObject({
  charter: z.string(),
  clauseId: z.string(),
  order: nullableNumber,
  languages: z.record(
    z.string(),
    z.strictObject({
      text: z.string(),
      confidence: z.number(),
      quality: nullableNumber,
      unknownWords: z.optional(z.array(z.string())),
      version: z.int(),
      status: servedStatus,
      reviewed: z.optional(clauseReview),
    }),
  ),
  reviewed: z.record(
    z.string(),
    z.strictObject({
      text: z.string(),
      by: z.string(),
      at: z.string(),
      flagId: z.string(),
      ocrText: z.nullable(z.string()),
      inForce: z.boolean(),
    }),
  ),
  flags: z.array(flag),
});

/** 200 of GET /charters/{charter}/editions. */
export const editionsResponse = z.strictObject({ charter: z.string(), editions: z.array(edition) });

/** 200 of GET /charters/{charter}/editions/{lang}. */
export const editionResponse = z.strictObject({
  edition,
  clauses: z.array(
    z.strictObject({
      id: z.string(),
      text: z.string(),
      confidence: z.number(),
      quality: nullableNumber,
      status: servedStatus,
      reviewed: z.optional(clauseReview),
    }),
  ),
});

/** The JSON export document (`format=json`). */
export const jsonExport = named(
  'JsonExport',
  "A charter's aligned record, clause by clause, in every exported language.",
  z.strictObject({
    charter: z.string(),
    languages: z.array(z.string()),
    clauses: z.array(
      z.strictObject({
        id: z.string(),
        order: z.number(),
        texts: z.record(z.string(), z.string()),
        confidence: z.record(z.string(), z.number()),
        quality: z.record(z.string(), z.number()),
        flags: z.array(z.string()),
        reviewed: z.optional(z.record(z.string(), clauseReview)),
        accepted: z.optional(
          z.array(
            z.strictObject({
              id: z.string(),
              kind: z.string(),
              langs: z.array(z.string()),
              note: z.string(),
              by: z.string(),
              at: z.string(),
            }),
          ),
        ),
      }),
    ),
  }),
);

/** 200 of GET /reviews. */
export const flagPageResponse = z.strictObject({ flags: z.array(flag), cursor: z.nullable(z.string()) });

/** 200 of GET and POST /reviews/{flag}. */
export const flagResponse = z.strictObject({ flag });

/** A text body (TMX, CSV, the review page's files). */
export const textBody = z.string();

/** The OpenAPI document itself, as far as this API promises. */
export const openApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({}),
  paths: z.looseObject({}),
});

/** 200 of GET /auth/config: how the review page signs in. */
export const signInResponse = named(
  'SignIn',
  "How the review page signs in: `cognito` (the user pool hosted UI, authorization code with PKCE), `local` (a token from the local server's session endpoint) or `none` (no user pool configured).",
  z.union([
    z.strictObject({
      mode: z.literal('cognito'),
      domain: z.string(),
      clientId: z.string(),
      scopes: z.array(z.string()),
    }),
    z.strictObject({ mode: z.literal('local'), session: z.string() }),
    z.strictObject({ mode: z.literal('none') }),
  ]),
);
