// The police subgraph in this process, on in-memory PGlite with its reference data, listening on
// a free port: a real subgraph (its schema, resolvers and signature checks) for tests that only
// need one, without starting a process.
import type { SigningConfig } from '@crimehub/common';
import { openPoliceDatabase } from '../../subgraphs/police/src/db.ts';
import { seed } from '../../subgraphs/police/src/seed.ts';
import { createServer } from '../../subgraphs/police/src/server.ts';

export interface PoliceInProcess {
  /** Its GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  url: string;
  close: () => Promise<void>;
}

export async function startPoliceInProcess(signing: SigningConfig): Promise<PoliceInProcess> {
  const db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
  try {
    await seed(db.prisma);
    const app = await createServer(db, { signing, logLevel: 'silent' });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url: `${address}/graphql`,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
