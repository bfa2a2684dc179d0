// The change check a schema registry makes, run from the repository: the supergraph composed now
// from schema/<subgraph>.graphql is compared, as the API schema clients see, with the contract
// last published (schema/published.graphql) by @graphql-inspector/core. A breaking change fails,
// except the removal of a field, argument, input field or enum value that the published contract
// had already deprecated with a removal date that has passed (schema/CONVENTIONS.md section 8).
// `npm run schema:check` (scripts/schemaCheck.ts) and `npm run schema:publish` (scripts/schemaPublish.ts) use it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { apiSchemaSdl } from '../gateway/src/apiSchema.ts';
import { composeSupergraph, readSubgraphSdl, schemaDir, type SubgraphName } from '../gateway/src/composeSupergraph.ts';

export const publishedPath = path.join(schemaDir, 'published.graphql');

/** How long a new deprecation must give clients before its removal date. */
export const minDeprecationDays = 90;

/**
 * A deprecation reason the check accepts: it names the replacement (`Use <replacement> instead`,
 * or `No replacement: <why>` when there is none) and ends with the removal date.
 */
export const deprecationReasonForm = 'Use <replacement> instead. Removal after YYYY-MM-DD.';
const reasonPattern = /^(?:Use \S.*? instead\b|No replacement: \S).*\bRemoval after (\d{4}-\d{2}-\d{2})\.$/s;

/** The removal date of a deprecation reason in the accepted form, or undefined. */
export function removalDate(reason: string): string | undefined {
  const date = reasonPattern.exec(reason.trim())?.[1];
  // A real calendar date: 2027-02-30 is not one.
  return date !== undefined && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

/** A calendar date (UTC) as YYYY-MM-DD. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

const addDays = (date: string, days: number): string => isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));

/** The API schema of the supergraph composed now, or why it cannot be composed. */
export async function freshApiSchema(readSdl: (name: SubgraphName) => Promise<string> = readSubgraphSdl): Promise<{ sdl?: string; problems: string[] }> {
  const { supergraphSdl, errors, hints } = await composeSupergraph(readSdl);
  const problems = [...errors.map((error) => `composition error: ${error}`), ...hints.map((hint) => `composition hint: ${hint}`)];
  if (!supergraphSdl || problems.length > 0) return { problems: problems.length > 0 ? problems : ['composition failed'] };
  return { sdl: apiSchemaSdl(supergraphSdl), problems: [] };
}

/** The published contract's text, or undefined when none has been published. */
export async function readPublished(file = publishedPath): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** What the check made of one change graphql-inspector found. */
export interface CheckedChange {
  level: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  type: string;
  /** The schema coordinate, e.g. `Query.help` or `Query.help.crimeType` (an argument). */
  path: string;
  message: string;
  /** True for a breaking change the check refuses. */
  refused: boolean;
  /** Why a breaking change is refused or allowed. */
  note?: string;
}

export interface SchemaCheck {
  changes: CheckedChange[];
  /** Deprecations in the fresh schema that break the rules (no removal date, a date too soon, …). */
  deprecationProblems: string[];
  /** No refused change and no deprecation problem. */
  ok: boolean;
}

/** A deprecated element: `Type.field`, `Type.field(arg:)`, `Input.field` or `Enum.VALUE`. */
interface Deprecation {
  coordinate: string;
  reason: string;
}

/** Every deprecation in a schema, by schema coordinate. */
function deprecations(schema: GraphQLSchema): Map<string, Deprecation> {
  const found = new Map<string, Deprecation>();
  const add = (coordinate: string, reason: string | null | undefined) => {
    if (reason != null) found.set(coordinate, { coordinate, reason });
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name}:)`, arg.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) add(`${type.name}.${field.name}`, field.deprecationReason);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) add(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return found;
}

/** The coordinate a removal change removes, for the removals a deprecation can allow. */
function removedCoordinate(change: Change): string | undefined {
  const meta = change.meta as Record<string, string>;
  switch (change.type) {
    case ChangeType.FieldRemoved:
      return `${meta.typeName}.${meta.removedFieldName}`;
    case ChangeType.InputFieldRemoved:
      return `${meta.inputName}.${meta.removedFieldName}`;
    case ChangeType.EnumValueRemoved:
      return `${meta.enumName}.${meta.removedEnumValueName}`;
    case ChangeType.FieldArgumentRemoved:
      return `${meta.typeName}.${meta.fieldName}(${meta.removedFieldArgumentName}:)`;
    default:
      return undefined;
  }
}

/** Whether the published contract allowed removing `coordinate` by `today`, and why (not). */
function judgeRemoval(coordinate: string, published: Map<string, Deprecation>, today: string): { allowed: boolean; note: string } {
  const deprecation = published.get(coordinate);
  if (!deprecation) {
    return { allowed: false, note: `${coordinate} is not deprecated in the published schema: deprecate it first ("${deprecationReasonForm}"), publish, and remove it after that date` };
  }
  const date = removalDate(deprecation.reason);
  if (!date) return { allowed: false, note: `${coordinate} was deprecated without a removal date in the form "${deprecationReasonForm}"` };
  if (date >= today) return { allowed: false, note: `${coordinate} is deprecated until its removal date, ${date}: it may go from ${addDays(date, 1)}` };
  return { allowed: true, note: `allowed: deprecated in the published schema with removal after ${date}, which has passed` };
}

/**
 * The removed types whose removal breaks no client that heeded the deprecations: every way to
 * reach one in the published schema (a field or argument of its type, an input field, a union or
 * an interface it belongs to) goes away with an allowed removal or with another such type.
 */
function typesRemovedWithTheirFields(published: GraphQLSchema, removedTypes: Set<string>, allowedRemovals: Set<string>): Set<string> {
  // Who refers to each type: the coordinate of the reference and the type it is declared in.
  const references = new Map<string, { coordinate: string; owner: string; removable: boolean }[]>();
  const refer = (target: string, coordinate: string, owner: string, removable = true) => {
    if (!removedTypes.has(target)) return;
    references.set(target, [...(references.get(target) ?? []), { coordinate, owner, removable }]);
  };
  for (const type of Object.values(published.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        refer(getNamedType(field.type).name, coordinate, type.name);
        for (const arg of field.args) {
          // An argument goes with its field, or alone.
          const argCoordinate = allowedRemovals.has(coordinate) ? coordinate : `${coordinate}(${arg.name}:)`;
          refer(getNamedType(arg.type).name, argCoordinate, type.name);
        }
      }
      for (const iface of type.getInterfaces()) refer(type.name, `${type.name} implements ${iface.name}`, iface.name, false);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) refer(getNamedType(field.type).name, `${type.name}.${field.name}`, type.name);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) refer(member.name, `${type.name} = … | ${member.name}`, type.name, false);
    }
  }
  const allowed = new Set(removedTypes);
  let changed = true;
  while (changed) {
    changed = false;
    for (const name of allowed) {
      const blocked = (references.get(name) ?? []).some((reference) => !allowed.has(reference.owner) && !(reference.removable && allowedRemovals.has(reference.coordinate)));
      if (blocked) {
        allowed.delete(name);
        changed = true;
      }
    }
  }
  return allowed;
}

/** What is wrong with the fresh schema's deprecations, judged against the published ones. */
function deprecationProblems(fresh: Map<string, Deprecation>, published: Map<string, Deprecation>, today: string): string[] {
  const problems: string[] = [];
  const earliest = addDays(today, minDeprecationDays);
  for (const { coordinate, reason } of fresh.values()) {
    const date = removalDate(reason);
    if (!date) {
      problems.push(`${coordinate}: the @deprecated reason must name the replacement and a removal date, "${deprecationReasonForm}"; got ${JSON.stringify(reason)}`);
      continue;
    }
    const before = published.get(coordinate);
    const publishedDate = before ? removalDate(before.reason) : undefined;
    if (!before && date < earliest) {
      problems.push(`${coordinate}: a new deprecation must give clients at least ${minDeprecationDays} days: removal after ${earliest} or later, not ${date}`);
    } else if (publishedDate && date < publishedDate) {
      problems.push(`${coordinate}: the removal date may move later, never earlier than the published ${publishedDate} (got ${date})`);
    }
  }
  return problems;
}

/**
 * Compares two API schemas (SDL): every change graphql-inspector finds, with the check's verdict
 * on each breaking one, and the problems with the fresh schema's deprecations. `today` decides
 * which removal dates have passed.
 */
export async function checkSchemaChange(publishedSdl: string, freshSdl: string, today: Date = new Date()): Promise<SchemaCheck> {
  const day = isoDate(today);
  const published = buildSchema(publishedSdl);
  const fresh = buildSchema(freshSdl);
  const publishedDeprecations = deprecations(published);
  const found = await diff(published, fresh);

  const judged = new Map<Change, { allowed: boolean; note: string }>();
  for (const change of found) {
    const coordinate = change.criticality.level === CriticalityLevel.Breaking ? removedCoordinate(change) : undefined;
    if (coordinate) judged.set(change, judgeRemoval(coordinate, publishedDeprecations, day));
  }
  const allowedRemovals = new Set([...judged].flatMap(([change, verdict]) => (verdict.allowed ? [removedCoordinate(change)!] : [])));
  const removedTypes = new Set(found.flatMap((change) => (change.type === ChangeType.TypeRemoved ? [(change.meta as { removedTypeName: string }).removedTypeName] : [])));
  const typesAllowed = typesRemovedWithTheirFields(published, removedTypes, allowedRemovals);

  const changes = found.map((change): CheckedChange => {
    const level = change.criticality.level as CheckedChange['level'];
    const base = { level, type: change.type as string, path: change.path ?? '', message: change.message };
    if (level !== CriticalityLevel.Breaking) return { ...base, refused: false };
    const verdict = judged.get(change);
    if (verdict) return { ...base, refused: !verdict.allowed, note: verdict.note };
    if (change.type === ChangeType.TypeRemoved) {
      const name = (change.meta as { removedTypeName: string }).removedTypeName;
      return typesAllowed.has(name)
        ? { ...base, refused: false, note: 'allowed: only the removed deprecated fields reached it' }
        : { ...base, refused: true, note: `${name} is still reachable in the published schema by something not deprecated-and-due: deprecate what leads to it first` };
    }
    return { ...base, refused: true, note: 'a breaking change: add the new shape beside the old, deprecate the old, and remove it after its removal date' };
  });
  const problems = deprecationProblems(deprecations(fresh), publishedDeprecations, day);
  return { changes, deprecationProblems: problems, ok: problems.length === 0 && changes.every((change) => !change.refused) };
}

/** The check as lines for a terminal: every change with its criticality, then the verdict. */
export function formatSchemaCheck(check: SchemaCheck): string[] {
  const lines: string[] = [];
  for (const change of check.changes) {
    const mark = change.refused ? 'BREAKING (refused)' : change.level === 'BREAKING' ? 'BREAKING (allowed)' : change.level === 'DANGEROUS' ? 'DANGEROUS (warning)' : 'NON_BREAKING';
    lines.push(`${mark.padEnd(19)}  ${change.path}: ${change.message}`);
    if (change.note && change.level === 'BREAKING') lines.push(`${''.padEnd(19)}  ${change.note}`);
  }
  for (const problem of check.deprecationProblems) lines.push(`DEPRECATION        ${problem}`);
  const count = (level: CheckedChange['level']) => check.changes.filter((change) => change.level === level).length;
  const refused = check.changes.filter((change) => change.refused).length;
  lines.push(
    `${check.changes.length} change(s): ${count('BREAKING')} breaking (${refused} refused), ${count('DANGEROUS')} dangerous, ${count('NON_BREAKING')} safe; ` +
      `${check.deprecationProblems.length} deprecation problem(s).`,
  );
  return lines;
}

/** The text of schema/published.graphql for an API schema: a header saying what it is, then the SDL. */
export function publishedText(apiSdl: string, today: Date = new Date()): string {
  return [
    '# The published contract: the API schema clients of the Business Crime Hub see (no federation',
    `# machinery, no @inaccessible parts), types and fields sorted by name. Written by \`npm run schema:publish\``,
    `# on ${isoDate(today)}; do not edit it by hand. \`npm run schema:check\` compares the supergraph composed`,
    '# from schema/<subgraph>.graphql with it (README "Changing the graph").',
    '',
    apiSdl,
  ].join('\n');
}
