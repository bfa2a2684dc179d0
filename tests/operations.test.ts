// The saved operations (operations/) and their check (`npm run operations:check`): every one
// validates against the supergraph; a saved operation that no longer does fails the check, named
// with its line and column; so do the folder's own rules. The typed documents codegen makes from
// them are what front ends send: their text hashes to the registered ids.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';
import { parse, print, TypeInfo, visit, visitWithTypeInfo, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchemaOf } from '../gateway/src/apiSchema.ts';
import { composeSupergraph, readSubgraphSdl, supergraphPath } from '../gateway/src/composeSupergraph.ts';
import { operationManifest, operationsDir, readSavedOperations, sha256hex } from '../gateway/src/savedOperations.ts';
import { CrimeTypesDocument, DistrictsDocument, HelpDocument, type HelpQueryVariables } from '../operations/generated/graphql.ts';
import { operationsCheck } from '../scripts/operationsCheck.ts';

let scratch: string;
/** A copy of operations/ to break. */
let copy: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'bch-operations-'));
  copy = path.join(scratch, 'operations');
  await cp(operationsDir, copy, { recursive: true, filter: (source) => !source.includes(`${path.sep}generated`) });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the saved operations', () => {
  it('all validate against the supergraph, within the gateway limits and the folder rules', async () => {
    const { count, problems } = await operationsCheck();
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(5);
  });

  it('include the central query exactly as the README gives it', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const central = /## The central query\s+```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(central).toBeDefined();
    const saved = await readFile(path.join(operationsDir, 'public/Help.graphql'), 'utf8');
    expect(print(parse(saved))).toBe(print(parse(central!)));
  });

  it('fail the check when one asks for a field the schema does not have, naming the file, line and column', async () => {
    const file = path.join(copy, 'public/Districts.graphql');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/(\n\s+)name\n/, '$1name$1retiredField\n'));
    try {
      const { problems } = await operationsCheck(copy);
      const line = original.split('\n').findIndex((text) => /^\s+name$/.test(text)) + 2;
      expect(problems).toEqual([`${copy}/public/Districts.graphql:${line}:5: Cannot query field "retiredField" on type "District".`]);
    } finally {
      await writeFile(file, original);
    }
  });

  it('fail the check when a field one asks for is removed from a subgraph', async () => {
    // The last field Districts.graphql selects, and the type it belongs to, as the schema says today.
    const schema = apiSchemaOf(await readFile(supergraphPath, 'utf8'));
    const typeInfo = new TypeInfo(schema);
    let last: { type: string; field: string; line: number; column: number } | undefined;
    const document = parse(await readFile(path.join(operationsDir, 'public/Districts.graphql'), 'utf8'));
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const start = node.loc!.startToken;
          if (!node.selectionSet) last = { type: typeInfo.getParentType()!.name, field: node.name.value, line: start.line, column: start.column };
        },
      }),
    );
    // That field gone from every subgraph SDL that defines it, composed as `npm run compose` does.
    const withoutField = (sdl: string) => {
      let inType = false;
      return print(
        visit(parse(sdl), {
          ObjectTypeDefinition: { enter: (node: ObjectTypeDefinitionNode) => void (inType = node.name.value === last!.type), leave: () => void (inType = false) },
          ObjectTypeExtension: { enter: (node) => void (inType = node.name.value === last!.type), leave: () => void (inType = false) },
          FieldDefinition: (node: FieldDefinitionNode) => (inType && node.name.value === last!.field ? null : undefined),
        }),
      );
    };
    const { supergraphSdl, errors } = await composeSupergraph(async (name) => withoutField(await readSubgraphSdl(name)));
    expect(errors).toEqual([]);
    const supergraph = path.join(scratch, 'supergraph.graphql');
    await writeFile(supergraph, supergraphSdl!);
    const { problems } = await operationsCheck(operationsDir, supergraph);
    expect(problems).toEqual([`operations/public/Districts.graphql:${last!.line}:${last!.column}: Cannot query field "${last!.field}" on type "${last!.type}".`]);
  });

  it('fail the check on a file that breaks the folder rules', async () => {
    const extra = path.join(copy, 'police');
    await cp(path.join(copy, 'public'), extra, { recursive: true });
    await rm(path.join(extra, 'Help.graphql'));
    await writeFile(path.join(extra, 'Mismatch.graphql'), 'query WorkList($unused: Int) {\n  districts { code }\n}\n');
    await writeFile(path.join(extra, 'Two.graphql'), 'query Two { districts { code } }\nquery Three { districts { name } }\n');
    await writeFile(path.join(extra, 'Deep.graphql'), `query Deep {\n  districts { ${'policingTeams { district { '.repeat(6)}name${' } }'.repeat(6)} }\n}\n`);
    try {
      const problems = (await operationsCheck(copy)).problems.map((problem) => problem.slice(copy.length + 1));
      expect(problems).toEqual(
        expect.arrayContaining([
          'police/Two.graphql:2:1: a saved operation file holds exactly one operation; this one has 2',
          'police/Mismatch.graphql:1:16: Variable "$unused" is never used in operation "WorkList".',
          'police/Mismatch.graphql: the file is named Mismatch.graphql but holds the operation WorkList: name it WorkList.graphql',
          expect.stringMatching(/^police\/Deep\.graphql: The query is too complex to run: Query depth limit of 12 exceeded/),
          expect.stringMatching(/^public\/CrimeTypes\.graphql:2:7: the operation CrimeTypes is also in police\/CrimeTypes\.graphql/),
        ]),
      );
    } finally {
      await rm(extra, { recursive: true, force: true });
    }
  });

  it('are read within bounds: at most 1000 files, each at most 64 KB', async () => {
    await expect(readSavedOperations(operationsDir, { maxFiles: 2, maxFileBytes: 65_536 })).rejects.toThrow(/holds more than 2 \.graphql files/);
    const { problems } = await readSavedOperations(operationsDir, { maxFiles: 1000, maxFileBytes: 200 });
    expect(problems.map((problem) => problem.file)).toContain('public/Help.graphql');
  });
});

describe('the typed documents', () => {
  it('carry the text whose hash the gateway registered, so a front end sends them by id', async () => {
    const manifest = operationManifest((await readSavedOperations()).operations);
    for (const [document, name] of [
      [HelpDocument, 'Help'],
      [CrimeTypesDocument, 'CrimeTypes'],
      [DistrictsDocument, 'Districts'],
    ] as const) {
      expect(manifest.operations.find((operation) => operation.name === name)?.id, name).toBe(sha256hex(print(document)));
    }
    // Typed variables: the central query's business context, as a front end builds it.
    const variables: HelpQueryVariables = { crimeType: 'shoplifting', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
    expect(variables.business.size).toBe('SMALL');
  });
});
