/**
 * Key layout of the single clause table, shared by the CDK construct, the local stack and the adapters.
 *
 * | item            | PK                        | SK                      | GSI1PK / GSI1SK                                |
 * |-----------------|---------------------------|-------------------------|------------------------------------------------|
 * | edition pointer | CHARTER#<c>               | EDITION#<lang>          |                                                |
 * | kept version    | CHARTER#<c>               | VERSION#<lang>#<version>|                                                |
 * | aligned clause  | CHARTER#<c>#CLAUSE#<id>   | LANG#<lang>#V#<version> | CHARTER#<c>#LANG#<lang> / V#<version>#<order>  |
 * | review flag     | CHARTER#<c>#CLAUSE#<id>   | FLAG#<lang>#<kind>      | (ReviewQueue index) ReviewStatus / ReviewSK    |
 *
 * Versions are zero-padded (`version()`), so string order is numeric order. The edition item is the pointer:
 * `version` names the current version (the only one readers return), `decidedVersion` the newest upload
 * decided (aligned or failed), `lastVersion` the newest version number handed out. Clauses of one version are
 * written beside the current ones and become visible when one conditional update moves `version`; older
 * versions are deleted after that. One clause in every language is one Query on its partition (plus the
 * charter's edition pointers); one version of an edition in canonical order is one Query on GSI1 with
 * `begins_with(GSI1SK, V#<version>#)`; every version below the current one is one Query with
 * `GSI1SK < V#<version>`, which is how old versions are found and deleted.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'ReviewQueue', partitionKey: 'ReviewStatus', sortKey: 'ReviewSK' },
  ],
  /**
   * The TTL attribute (epoch seconds): kept version records carry it once they may go (see
   * functions/core/editions/version-expiry.ts). Reads leave out items past it: DynamoDB deletes them late.
   */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Zero-padded version number, so that key order is numeric order. */
export function versionKey(version: number): string {
  return String(version).padStart(10, '0');
}

export const keys = {
  charter: (charter: string) => `CHARTER#${charter}`,
  edition: (lang: string) => `EDITION#${lang}`,
  clause: (charter: string, clauseId: string) => `CHARTER#${charter}#CLAUSE#${clauseId}`,
  /** Prefix of every version of a language's clause item. */
  clauseLang: (lang: string) => `LANG#${lang}#`,
  clauseVersion: (lang: string, version: number) => `LANG#${lang}#V#${versionKey(version)}`,
  editionIndex: (charter: string, lang: string) => `CHARTER#${charter}#LANG#${lang}`,
  /** GSI1 sort key prefix of one version; `versionOrder` appends the clause's canonical position. */
  versionPrefix: (version: number) => `V#${versionKey(version)}#`,
  versionOrder: (version: number, position: number) =>
    `V#${versionKey(version)}#${String(position).padStart(5, '0')}`,
  order: (position: number) => String(position).padStart(5, '0'),
  flag: (lang: string, kind: string) => `FLAG#${lang}#${kind}`,
  /** A decided version's record (promotion and rollback), beside the edition pointer. */
  keptVersion: (lang: string, version: number) => `VERSION#${lang}#${versionKey(version)}`,
  keptVersions: (lang: string) => `VERSION#${lang}#`,
};
