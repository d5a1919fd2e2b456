/**
 * Validation of charter data (already parsed JSON) against the charters schema and the structure's own rules.
 * Pure: the caller reads the files.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { InvalidStructureError } from './errors.ts';
import type { Anchor, CharterStructure, ClauseDef, ClauseKind, ReviewedEdition } from './types.ts';

interface RawClause {
  id: string;
  kind: ClauseKind;
  group: string;
  section: string;
  anchors?: (string | string[])[];
  footnoteRef?: boolean;
}

interface RawStructure {
  charter: string;
  title: string;
  clauses: RawClause[];
}

interface RawReviewed {
  charter: string;
  lang: string;
  clauses: Record<string, string>;
  residue?: string[];
}

/** Validators compiled once from the charters JSON schema (corpus/charters/schema.json). */
export interface CharterValidators {
  structure: ValidateFunction;
  reviewed: ValidateFunction;
}

/** Compiles the two validators of the charters schema; throws TypeError when the schema itself is unusable. */
export function compileCharterSchema(schema: unknown): CharterValidators {
  if (!schema || typeof schema !== 'object') throw new TypeError('charters schema must be a JSON object');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const id = (schema as { $id?: string }).$id ?? 'charters';
  ajv.addSchema(schema as object, id);
  const structure = ajv.getSchema(id);
  const reviewed = ajv.getSchema(`${id}#/definitions/reviewed`);
  if (!structure || !reviewed)
    throw new TypeError('charters schema lacks the structure or reviewed definition');
  return { structure, reviewed };
}

function schemaProblems(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Checks `data` (a parsed structure.json) and returns the typed structure with derived fields. */
export function parseCharterStructure(
  data: unknown,
  validators: CharterValidators,
  where = 'structure',
): CharterStructure {
  if (!validators.structure(data))
    throw new InvalidStructureError(where, schemaProblems(validators.structure));
  const raw = data as RawStructure;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const clause of raw.clauses) {
    if (seen.has(clause.id)) problems.push(`duplicate clause id "${clause.id}"`);
    seen.add(clause.id);
  }
  const groupStart = new Map<string, number>();
  const closedGroups = new Set<string>();
  let previousGroup: string | null = null;
  raw.clauses.forEach((clause, index) => {
    if (clause.group !== previousGroup) {
      if (previousGroup !== null) closedGroups.add(previousGroup);
      if (closedGroups.has(clause.group)) problems.push(`group "${clause.group}" is not contiguous`);
      if (clause.group !== clause.id) problems.push(`group "${clause.group}" must start with its own clause`);
      groupStart.set(clause.group, index);
      previousGroup = clause.group;
    }
  });
  if (problems.length) throw new InvalidStructureError(where, problems);

  const bulletCount = new Map<string, number>();
  for (const clause of raw.clauses) {
    if (clause.kind === 'bullet') bulletCount.set(clause.group, (bulletCount.get(clause.group) ?? 0) + 1);
  }
  const seenBullets = new Map<string, number>();
  const clauses: ClauseDef[] = raw.clauses.map((clause, order) => {
    const groupSize = bulletCount.get(clause.group) ?? 0;
    let bulletIndex = 0;
    if (clause.kind === 'bullet') {
      bulletIndex = (seenBullets.get(clause.group) ?? 0) + 1;
      seenBullets.set(clause.group, bulletIndex);
    }
    const anchors: Anchor[] = (clause.anchors ?? []).map((a) => (Array.isArray(a) ? [...a] : [a]));
    return {
      id: clause.id,
      kind: clause.kind,
      group: clause.group,
      section: clause.section,
      anchors,
      footnoteRef: clause.footnoteRef ?? false,
      order,
      leadIn: clause.id === clause.group && groupSize > 0 && clause.kind !== 'bullet',
      bulletIndex,
      groupSize,
    };
  });
  return { charter: raw.charter, title: raw.title, clauses };
}

/** Checks `data` (a parsed reviewed/<lang>.json) against the schema and the structure's clause ids. */
export function parseReviewedEdition(
  data: unknown,
  validators: CharterValidators,
  structure: CharterStructure,
  where = 'reviewed edition',
): ReviewedEdition {
  if (!validators.reviewed(data)) throw new InvalidStructureError(where, schemaProblems(validators.reviewed));
  const raw = data as RawReviewed;
  const known = new Set(structure.clauses.map((c) => c.id));
  const unknown = Object.keys(raw.clauses).filter((id) => !known.has(id));
  if (unknown.length)
    throw new InvalidStructureError(
      where,
      unknown.map((id) => `unknown clause id "${id}"`),
    );
  if (raw.charter !== structure.charter) {
    throw new InvalidStructureError(where, [`charter "${raw.charter}" is not "${structure.charter}"`]);
  }
  return {
    charter: raw.charter,
    lang: raw.lang,
    clauses: { ...raw.clauses },
    residue: [...(raw.residue ?? [])],
  };
}
