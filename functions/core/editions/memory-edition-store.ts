import { StaleVersionError } from './errors.ts';
import type { ClauseRecord, EditionRecord, EditionStore, EditionVersion, SaveOptions } from './types.ts';

interface Pointer {
  record: EditionRecord | null;
  decided: number;
  reserved: number;
}

/** EditionStore in memory, with the versioning rules of the DynamoDB one; for tests and tools. */
export class MemoryEditionStore implements EditionStore {
  private readonly pointers = new Map<string, Pointer>();
  /** charter/lang/version -> clauses */
  private readonly versions = new Map<string, ClauseRecord[]>();
  /** charter/lang -> version -> kept version record */
  private readonly kept = new Map<string, Map<number, EditionVersion>>();
  /** Number of `saveEdition` calls that made a version current. */
  saves = 0;

  /** `now`: the clock kept versions expire by (see version-expiry.ts). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  async getEdition(charter: string, lang: string): Promise<EditionRecord | null> {
    const record = this.pointers.get(`${charter}/${lang}`)?.record;
    return record ? structuredClone(record) : null;
  }

  async listEditions(charter: string): Promise<EditionRecord[]> {
    return [...this.pointers.values()]
      .flatMap((p) => (p.record && p.record.charter === charter ? [structuredClone(p.record)] : []))
      .sort((a, b) => a.lang.localeCompare(b.lang));
  }

  async nextVersion(charter: string, lang: string): Promise<number> {
    const pointer = this.pointer(charter, lang);
    pointer.reserved = Math.max(pointer.reserved, pointer.decided) + 1;
    return pointer.reserved;
  }

  async saveEdition(
    edition: EditionRecord,
    clauses: ClauseRecord[],
    options: SaveOptions = {},
  ): Promise<void> {
    const pointer = this.pointer(edition.charter, edition.lang);
    const rerun =
      pointer.decided === edition.version &&
      pointer.record?.version === edition.version &&
      pointer.record.sourceEtag === edition.sourceEtag;
    if ((pointer.decided >= edition.version || olderUpload(pointer, edition, options.sameUpload)) && !rerun) {
      throw new StaleVersionError(edition.charter, edition.lang, edition.version);
    }
    const unique = [
      ...new Map(clauses.map((c) => [c.clauseId, { ...c, version: edition.version }])).values(),
    ];
    for (const key of this.versions.keys()) {
      if (key.startsWith(`${edition.charter}/${edition.lang}/`)) this.versions.delete(key);
    }
    this.versions.set(`${edition.charter}/${edition.lang}/${edition.version}`, structuredClone(unique));
    const { error: _e, failedKey: _k, failedEtag: _t, candidate: _c, ...record } = edition;
    pointer.record = { ...structuredClone(record), status: 'aligned', clauseCount: unique.length };
    pointer.decided = edition.version;
    this.saves++;
  }

  async markFailed(edition: EditionRecord): Promise<void> {
    const pointer = this.pointer(edition.charter, edition.lang);
    if (
      pointer.decided > edition.version ||
      (pointer.decided === edition.version && pointer.record?.status !== 'failed') ||
      olderUpload(pointer, edition, true)
    ) {
      throw new StaleVersionError(edition.charter, edition.lang, edition.version);
    }
    const base = pointer.record ?? { ...edition, version: 0, sourceKey: '', sourceEtag: '', clauseCount: 0 };
    pointer.record = {
      ...base,
      status: 'failed',
      error: edition.error ?? 'failed',
      failedKey: edition.sourceKey,
      failedEtag: edition.sourceEtag,
      updatedAt: edition.updatedAt,
    };
    pointer.decided = edition.version;
  }

  async recordCandidate(edition: EditionRecord, version: EditionVersion): Promise<void> {
    const pointer = this.pointer(edition.charter, edition.lang);
    const rerun =
      pointer.decided === edition.version && pointer.record?.candidate?.version === edition.version;
    const duplicate =
      edition.sourceOrder !== undefined && pointer.record?.candidate?.sourceOrder === edition.sourceOrder;
    if ((pointer.decided >= edition.version || olderUpload(pointer, edition, true) || duplicate) && !rerun) {
      throw new StaleVersionError(edition.charter, edition.lang, edition.version);
    }
    await this.keepVersion(version);
    const base: EditionRecord = pointer.record ?? {
      ...edition,
      version: 0,
      status: 'candidate',
      sourceKey: '',
      sourceEtag: '',
      clauseCount: 0,
      residue: [],
      changeCount: 0,
      meanConfidence: 0,
    };
    pointer.record = { ...base, candidate: structuredClone(edition.candidate), updatedAt: edition.updatedAt };
    pointer.decided = edition.version;
  }

  async keepVersion(version: EditionVersion): Promise<void> {
    const key = `${version.charter}/${version.lang}`;
    let versions = this.kept.get(key);
    if (!versions) {
      versions = new Map();
      this.kept.set(key, versions);
    }
    versions.set(version.version, structuredClone(version));
  }

  async listVersions(charter: string, lang: string): Promise<EditionVersion[]> {
    const now = this.now();
    return [...(this.kept.get(`${charter}/${lang}`)?.values() ?? [])]
      .filter((v) => v.expiresAt === undefined || v.expiresAt * 1000 > now.getTime())
      .map((v) => structuredClone(v))
      .sort((a, b) => b.version - a.version);
  }

  async getClause(charter: string, clauseId: string): Promise<ClauseRecord[]> {
    return [...this.pointers.values()]
      .flatMap((p) => (p.record?.charter === charter ? this.current(p.record) : []))
      .filter((c) => c.clauseId === clauseId)
      .sort((a, b) => a.lang.localeCompare(b.lang));
  }

  async listEditionClauses(charter: string, lang: string): Promise<ClauseRecord[]> {
    const record = this.pointers.get(`${charter}/${lang}`)?.record;
    return record ? this.current(record).sort((a, b) => a.order - b.order) : [];
  }

  private current(record: EditionRecord): ClauseRecord[] {
    return structuredClone(this.versions.get(`${record.charter}/${record.lang}/${record.version}`) ?? []);
  }

  private pointer(charter: string, lang: string): Pointer {
    const key = `${charter}/${lang}`;
    let pointer = this.pointers.get(key);
    if (!pointer) {
      pointer = { record: null, decided: 0, reserved: 0 };
      this.pointers.set(key, pointer);
    }
    return pointer;
  }
}

/** True when the current version comes from a newer upload than `edition` (or the same one, unless allowed). */
function olderUpload(pointer: Pointer, edition: EditionRecord, sameAllowed = false): boolean {
  const current = pointer.record?.version ? pointer.record.sourceOrder : undefined;
  if (!current || !edition.sourceOrder) return false;
  return sameAllowed ? current > edition.sourceOrder : current >= edition.sourceOrder;
}
