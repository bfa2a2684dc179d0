// For the support subgraph's in-process tests: the app on a fresh seeded database (in-memory
// PGlite, or a database of its own on TEST_DATABASE_URL's server), and requests signed as the
// gateway signs them.
import pg from 'pg';
import { signRequest, type Identity, type Role, type SigningConfig } from '@crimehub/common';
import { openSupportDatabase, type SupportDb } from './db.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

export type Backend = 'pglite' | 'postgres';

/** In-memory PGlite always; a fresh PostgreSQL database as well when TEST_DATABASE_URL is set. */
export const backends: readonly Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A signed-in caller of this role, acting for this business or organisation. */
export const user = (role: Role, extra: { businessId?: string; organizationId?: string } = {}): Identity => ({
  kind: 'user',
  subject: `${role}-${extra.businessId ?? extra.organizationId ?? 'x'}`,
  role,
  ...extra,
});

export interface Answer {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; reason?: string; fieldErrors?: { field: string; code: string }[] } }[];
}

export interface TestApp {
  db: SupportDb;
  /** Posts one GraphQL request as this caller, signed as the gateway signs it. */
  ask(identity: Identity, query: string, variables?: Record<string, unknown>): Promise<Answer>;
  close(): Promise<void>;
}

const signing: SigningConfig = { secret: 'support-in-process-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };

/** The support app on a new database with the reference data and the synthetic businesses biz-0001 … biz-0010. */
export async function openTestApp(backend: Backend, label: string): Promise<TestApp> {
  let db: SupportDb;
  let dropDatabase = async () => {};
  if (backend === 'postgres') {
    const server = process.env.TEST_DATABASE_URL!;
    const name = `bch_test_support_${label}_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`).finally(() => admin.end());
    const url = new URL(server);
    url.pathname = `/${name}`;
    db = await openSupportDatabase({ kind: 'postgres', url: url.toString() });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => client.end());
    };
  } else {
    db = await openSupportDatabase({ kind: 'pglite', dir: 'memory://' });
  }
  await seed(db.prisma);
  await seedDemo(db.prisma);
  const app = await createServer(db, { logLevel: 'silent', signing });
  return {
    db,
    async ask(identity, query, variables = {}) {
      const payload = JSON.stringify({ query, variables });
      const headers = { 'content-type': 'application/json', ...signRequest(signing, { audience: 'support' }, identity, payload) };
      const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload });
      return response.json() as Answer;
    },
    async close() {
      await app.close();
      await db.close();
      await dropDatabase();
    },
  };
}
