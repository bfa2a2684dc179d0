// The change check a schema registry makes (`npm run schema:check`): a field removed from a
// subgraph fails it, named; the same removal passes once the published contract deprecated the
// field with a removal date that has passed; a deprecation without a date fails. The subgraph
// SDL is edited in memory only, and the supergraph composed from it as `npm run compose` does.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';
import { Kind, parse, print, visit, type ConstDirectiveNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { readSubgraphSdl, type SubgraphName } from '../gateway/src/composeSupergraph.ts';
import { checkSchemaChange, freshApiSchema, publishedPath, readPublished, removalDate } from '../scripts/schemaRegistry.ts';

/**
 * The field the tests remove: one clients can see that only one subgraph defines — the last field
 * of the first plain object type (no @key, no @shareable, not a root type) in the first subgraph
 * SDL that has one, chosen from the SDL as it is today.
 */
const { subgraph, sdl, target } = await (async () => {
  for (const name of ['victims', 'cyber', 'support', 'police'] as const satisfies readonly SubgraphName[]) {
    const text = await readSubgraphSdl(name);
    for (const definition of parse(text).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || ['Query', 'Mutation'].includes(definition.name.value)) continue;
      if ((definition.directives ?? []).length > 0 || (definition.fields ?? []).length < 2) continue;
      const field = definition.fields!.at(-1)!;
      if ((field.directives ?? []).length === 0 && (field.arguments ?? []).length === 0) {
        return { subgraph: name, sdl: text, target: { type: definition.name.value, field: field.name.value } };
      }
    }
  }
  throw new Error('no subgraph SDL has a plain object type with a plain field');
})();
const coordinate = `${target.type}.${target.field}`;

const deprecated = (reason: string | undefined): ConstDirectiveNode => ({
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: 'deprecated' },
  arguments: reason === undefined ? [] : [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'reason' }, value: { kind: Kind.STRING, value: reason } }],
});

/** The subgraph's SDL with the target field removed (`null`) or deprecated (a reason, or `undefined` for a bare @deprecated). */
function editTarget(edit: { remove: true } | { deprecate: string | undefined }): string {
  let inTarget = false;
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: {
        enter: (node: ObjectTypeDefinitionNode) => void (inTarget = node.name.value === target.type),
        leave: () => void (inTarget = false),
      },
      FieldDefinition(node: FieldDefinitionNode) {
        if (!inTarget || node.name.value !== target.field) return undefined;
        return 'remove' in edit ? null : { ...node, directives: [...(node.directives ?? []), deprecated(edit.deprecate)] };
      },
    }),
  );
}

/** The API schema composed from the four subgraphs with this subgraph's SDL replaced. */
async function composedWith(subgraphSdl: string): Promise<string> {
  const { sdl: api, problems } = await freshApiSchema(async (name) => (name === subgraph ? subgraphSdl : readSubgraphSdl(name)));
  expect(problems).toEqual([]);
  return api!;
}

const published = await readPublished();
const withoutTarget = await composedWith(editTarget({ remove: true }));

describe('schema:check against the published contract', () => {
  it('passes for the schema as it is (schema/published.graphql is current)', async () => {
    expect(published, `${publishedPath} is missing: npm run schema:publish`).toBeDefined();
    const { sdl: fresh } = await freshApiSchema();
    const check = await checkSchemaChange(published!, fresh!);
    expect(check.changes.filter((change) => change.refused)).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it(`fails on a field removed from a subgraph, naming it (${coordinate})`, async () => {
    const check = await checkSchemaChange(published!, withoutTarget);
    expect(check.ok).toBe(false);
    expect(check.changes).toContainEqual(expect.objectContaining({ level: 'BREAKING', type: 'FIELD_REMOVED', path: coordinate, refused: true, note: expect.stringContaining('not deprecated') }));
  });

  it('passes when the published contract deprecated the field with a removal date that has passed', async () => {
    const publishedDeprecated = await composedWith(editTarget({ deprecate: 'Use title instead. Removal after 2026-01-31.' }));
    const check = await checkSchemaChange(publishedDeprecated, withoutTarget, new Date('2026-02-01T09:00:00Z'));
    expect(check.changes).toContainEqual(expect.objectContaining({ level: 'BREAKING', path: coordinate, refused: false, note: expect.stringContaining('2026-01-31') }));
    expect(check.ok).toBe(true);
    // On the removal date itself the field must still be there.
    const early = await checkSchemaChange(publishedDeprecated, withoutTarget, new Date('2026-01-31T23:00:00Z'));
    expect(early.ok).toBe(false);
    expect(early.changes).toContainEqual(expect.objectContaining({ path: coordinate, refused: true, note: expect.stringContaining('it may go from 2026-02-01') }));
  });

  it('fails on a deprecation without a removal date, in the published contract or in the new schema', async () => {
    const noDate = await composedWith(editTarget({ deprecate: 'Use title instead.' }));
    const removed = await checkSchemaChange(noDate, withoutTarget);
    expect(removed.changes).toContainEqual(expect.objectContaining({ path: coordinate, refused: true, note: expect.stringContaining('without a removal date') }));
    const added = await checkSchemaChange(published!, noDate);
    expect(added.ok).toBe(false);
    expect(added.deprecationProblems).toEqual([expect.stringMatching(new RegExp(`^${coordinate.replace('.', '\\.')}: the @deprecated reason must name the replacement and a removal date`))]);
    // A bare @deprecated gets graphql's "No longer supported": no replacement, no date.
    const bare = await checkSchemaChange(published!, await composedWith(editTarget({ deprecate: undefined })));
    expect(bare.deprecationProblems).toEqual([expect.stringContaining('"No longer supported"')]);
  });

  it('requires a new deprecation to give clients 90 days, and never moves a published date earlier', async () => {
    const today = new Date('2026-06-01T12:00:00Z');
    const soon = await composedWith(editTarget({ deprecate: 'Use title instead. Removal after 2026-08-01.' }));
    expect((await checkSchemaChange(published!, soon, today)).deprecationProblems).toEqual([expect.stringContaining('removal after 2026-08-30 or later, not 2026-08-01')]);
    const inTime = await composedWith(editTarget({ deprecate: 'Use title instead. Removal after 2026-08-30.' }));
    expect((await checkSchemaChange(published!, inTime, today)).ok).toBe(true);
    // Once published, the date may move later but not earlier.
    expect((await checkSchemaChange(inTime, soon, today)).deprecationProblems).toEqual([expect.stringContaining('never earlier than the published 2026-08-30')]);
  });
});

describe('the removal rules', () => {
  const before = /* GraphQL */ `
    type Query {
      "Old."
      report(id: ID!, "Old." legacyFormat: Boolean @deprecated(reason: "Use format instead. Removal after 2026-01-01."), format: Format): OldReport @deprecated(reason: "Use reportV2 instead. Removal after 2026-01-01.")
      reportV2(id: ID!): Report
      status: Status
      summary: Summary
    }
    type OldReport { id: ID!, legacy: Legacy }
    type Legacy { note: String }
    type Report { id: ID! }
    type Summary { count: Int, tally: Legacy @deprecated(reason: "Use count instead. Removal after 2999-01-01.") }
    enum Format { PDF HTML }
    enum Status { OPEN CLOSED LOST @deprecated(reason: "No replacement: lost reports are closed. Removal after 2026-01-01.") }
  `;
  const today = new Date('2026-03-01T00:00:00Z');

  it('allows removing deprecated fields, arguments and enum values whose date passed, and the types only they reached', async () => {
    const after = before
      .replace(/report\(id: ID!, "Old\." legacyFormat[^\n]*\n/, '')
      .replace('type OldReport { id: ID!, legacy: Legacy }', '')
      .replace(' LOST @deprecated(reason: "No replacement: lost reports are closed. Removal after 2026-01-01.")', '');
    const check = await checkSchemaChange(before, after, today);
    expect(check.changes.map((change) => [change.path, change.refused])).toEqual(
      expect.arrayContaining([
        ['Query.report', false],
        ['OldReport', false],
        ['Status.LOST', false],
      ]),
    );
    expect(check.ok).toBe(true);
  });

  it('refuses removing a type another live field still reaches', async () => {
    // Legacy is reached by OldReport.legacy (going) and Summary.tally (deprecated, but not yet due).
    const after = before
      .replace(/report\(id: ID!, "Old\." legacyFormat[^\n]*\n/, '')
      .replace('type OldReport { id: ID!, legacy: Legacy }', '')
      .replace('type Legacy { note: String }', '')
      .replace(', tally: Legacy @deprecated(reason: "Use count instead. Removal after 2999-01-01.")', '');
    const check = await checkSchemaChange(before, after, today);
    expect(check.ok).toBe(false);
    expect(check.changes).toContainEqual(expect.objectContaining({ path: 'Summary.tally', refused: true }));
    expect(check.changes).toContainEqual(expect.objectContaining({ path: 'Legacy', refused: true }));
    expect(check.changes).toContainEqual(expect.objectContaining({ path: 'OldReport', refused: false }));
  });

  it('allows removing a deprecated argument alone, and refuses any other breaking change', async () => {
    const argumentGone = await checkSchemaChange(before, before.replace(', "Old." legacyFormat: Boolean @deprecated(reason: "Use format instead. Removal after 2026-01-01.")', ''), today);
    expect(argumentGone.changes).toEqual([expect.objectContaining({ type: 'FIELD_ARGUMENT_REMOVED', refused: false })]);
    expect(argumentGone.ok).toBe(true);
    const retyped = await checkSchemaChange(before, before.replace('reportV2(id: ID!): Report', 'reportV2(id: ID!): Report!').replace('status: Status', 'status: String'), today);
    expect(retyped.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'Query.status', level: 'BREAKING', refused: true, note: expect.stringContaining('add the new shape beside the old') })]),
    );
    expect(retyped.ok).toBe(false);
  });

  it('passes dangerous changes as warnings', async () => {
    const check = await checkSchemaChange(before, before.replace('enum Format { PDF HTML }', 'enum Format { PDF HTML CSV }'), today);
    expect(check.changes).toEqual([expect.objectContaining({ level: 'DANGEROUS', path: 'Format.CSV', refused: false })]);
    expect(check.ok).toBe(true);
  });

  it('reads the removal date only from a reason in the agreed form', () => {
    expect(removalDate('Use `me.bookings` instead: it pages. Removal after 2027-03-01.')).toBe('2027-03-01');
    expect(removalDate('No replacement: the register closed. Removal after 2027-03-01.')).toBe('2027-03-01');
    expect(removalDate('Removal after 2027-03-01.')).toBeUndefined();
    expect(removalDate('Use x instead. Removal after 2027-02-30.')).toBeUndefined();
    expect(removalDate('Use x instead. Removal on 2027-03-01.')).toBeUndefined();
  });
});

describe('npm run schema:check', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 and names the field when the composed schema lacks one the contract has', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bch-schema-check-'));
    const contract = path.join(dir, 'published.graphql');
    await writeFile(contract, published!.replace(/^type Query \{\n/m, 'type Query {\n  """A field the graph no longer has."""\n  retiredLookup: String\n\n'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schemaCheck.ts', '--published', contract], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/BREAKING \(refused\)\s+Query\.retiredLookup: Field 'retiredLookup' was removed from object type 'Query'/);
    expect(run.stderr).toContain('schema:check failed');
  });
});
