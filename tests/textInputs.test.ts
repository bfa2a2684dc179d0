// NUL in every text input of every mutation of the four subgraphs, in process on fresh databases
// (in-memory PGlite, and PostgreSQL when TEST_DATABASE_URL is set), with requests signed as the
// gateway signs them, so nothing at the edge stands in front: each is BAD_USER_INPUT naming its
// field (never an INTERNAL_SERVER_ERROR, the only answer logged at error level), and no row of any
// table changes. tests/e2e/inputErrors.e2e.test.ts runs the same table through real processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type SigningConfig, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../subgraphs/cyber/src/db.ts';
import { seed as seedCyber } from '../subgraphs/cyber/src/seed.ts';
import { createServer as createCyber } from '../subgraphs/cyber/src/server.ts';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import { seed as seedPolice } from '../subgraphs/police/src/seed.ts';
import { createServer as createPolice } from '../subgraphs/police/src/server.ts';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import { seed as seedSupport } from '../subgraphs/support/src/seed.ts';
import { createServer as createSupport } from '../subgraphs/support/src/server.ts';
import { openVictimsDatabase } from '../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../subgraphs/victims/src/seed.ts';
import { createServer as createVictims } from '../subgraphs/victims/src/server.ts';
import { createPostgresDatabase, type Backend } from './utils/processes.ts';
import { textInputs } from './utils/textInputs.ts';

const signing: SigningConfig = { secret: 'text-inputs-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

interface Running {
  app: { inject: (options: object) => Promise<{ json: () => any }>; close: () => Promise<unknown> };
  prisma: { $queryRawUnsafe: <T>(sql: string) => Promise<T> };
  close: () => Promise<void>;
}

describe.each(backends)('NUL in any text input on %s', (backend) => {
  const running = {} as Record<SubgraphName, Running>;

  async function start<Db extends { prisma: any; close(): Promise<void> }>(
    name: SubgraphName,
    open: (location: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string }) => Promise<Db>,
    seed: (prisma: Db['prisma']) => Promise<void>,
    create: (db: Db, options: { signing: SigningConfig; logLevel: string }) => Promise<unknown>,
  ): Promise<void> {
    let drop = async () => {};
    let location: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string } = { kind: 'pglite', dir: 'memory://' };
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, `text_${name}`);
      location = { kind: 'postgres', url: created.url };
      drop = created.drop;
    }
    const db = await open(location);
    await seed(db.prisma);
    const app = (await create(db, { signing, logLevel: 'silent' })) as Running['app'];
    running[name] = { app, prisma: db.prisma, close: async () => (await app.close(), await db.close(), await drop()) };
  }

  /** Row counts of every table of every subgraph. */
  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, { prisma }] of Object.entries(running)) {
      const tables = await prisma.$queryRawUnsafe<{ table: string }[]>(
        `SELECT table_name AS "table" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
      );
      for (const { table } of tables) {
        const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
        counts[`${name}.${table}`] = Number(row!.n);
      }
    }
    return counts;
  }

  beforeAll(async () => {
    await Promise.all([
      start('police', openPoliceDatabase, seedPolice, createPolice),
      start('support', openSupportDatabase, seedSupport, createSupport),
      start('cyber', openCyberDatabase, (prisma) => seedCyber(prisma), createCyber),
      start('victims', openVictimsDatabase, seedVictims, createVictims),
    ]);
  });

  afterAll(async () => {
    await Promise.all(Object.values(running).map((r) => r.close()));
  });

  it('every text input of every mutation: BAD_USER_INPUT naming the field, nothing written', async () => {
    const before = await rowCounts();
    const cases = textInputs();
    expect(cases.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const { subgraph, who, query, variables, path, scalarCode } of cases) {
      const payload = JSON.stringify({ query, variables });
      const response = await running[subgraph].app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: subgraph }, who, payload) },
        payload,
      });
      const { data, errors } = response.json() as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
      const got = errors?.[0]?.extensions;
      const named = scalarCode ? got?.code === scalarCode && errors![0]!.message.includes(`"${path}"`) : got?.code === 'BAD_USER_INPUT' && got.field === path;
      if (!named || Object.values(data ?? {}).some((value) => value !== null)) {
        wrong.push(`${subgraph} ${path}: ${JSON.stringify({ data, errors })}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});
