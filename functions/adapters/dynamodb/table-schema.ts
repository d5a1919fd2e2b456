/**
 * Key layout of the single clause table, shared by the CDK construct, the local stack and the adapter.
 *
 * | item            | PK                              | SK                     | GSI1PK / GSI1SK                        |
 * |-----------------|---------------------------------|------------------------|----------------------------------------|
 * | edition         | CHARTER#<c>                     | EDITION#<lang>         |                                        |
 * | aligned clause  | CHARTER#<c>#CLAUSE#<id>         | LANG#<lang>            | CHARTER#<c>#LANG#<lang> / <order>      |
 * | review flag     | CHARTER#<c>#CLAUSE#<id>         | FLAG#<lang>#<kind>     | REVIEW#<status> / CHARTER#<c>#...      |
 */
export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'ReviewQueue', partitionKey: 'ReviewStatus', sortKey: 'ReviewSK' },
  ],
} as const;

export const keys = {
  charter: (charter: string) => `CHARTER#${charter}`,
  edition: (lang: string) => `EDITION#${lang}`,
  clause: (charter: string, clauseId: string) => `CHARTER#${charter}#CLAUSE#${clauseId}`,
  clauseLang: (lang: string) => `LANG#${lang}`,
  editionIndex: (charter: string, lang: string) => `CHARTER#${charter}#LANG#${lang}`,
  order: (position: number) => String(position).padStart(5, '0'),
  flag: (lang: string, kind: string) => `FLAG#${lang}#${kind}`,
};
