// Runs a built Fastify app: listens where configuration says, prints one "ready at" line that
// `npm start` and the test harness read, and closes cleanly on SIGINT or SIGTERM — or when the
// parent that started it with an IPC channel (`npm start`) goes away, even by kill -9.
import type { FastifyInstance } from 'fastify';
import type { HttpTimeouts } from './config.ts';
import type { MetricsConfig } from './metrics.ts';
import type { SigningConfig } from './signing.ts';
import { startTracing, stopTracing } from './tracing.ts';

export interface ServeOptions {
  name: string;
  host: string;
  port: number;
  /** The path printed in the "ready at" line (default `/graphql`, the GraphQL endpoint; `/` for the web service). */
  path?: string;
  /** Closed after the app, e.g. the database. */
  onClose?: () => Promise<void>;
}

export async function serve(app: FastifyInstance, options: ServeOptions): Promise<string> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}${options.path ?? '/graphql'}`;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await options.onClose?.();
      // The last spans go before the process does (nothing when tracing is off).
      await stopTracing();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  stopWithParent(() => void shutdown('parent exited'));
  console.log(`[${options.name}] ready at ${url}`);
  return url;
}

/**
 * A process started with an IPC channel (`npm start` starts each service so) stops when the
 * channel closes: its parent has exited, however it died, and nothing else would stop it.
 * The channel may already be closed if the parent died while this process was starting.
 */
function stopWithParent(stop: () => void): void {
  if (!process.send) return;
  if (!process.connected) return stop();
  process.once('disconnect', stop);
  // The channel is only a lifeline: it must not by itself keep a process alive.
  process.channel?.unref();
}

/** Prints a startup failure (configuration, database, migrations) and exits non-zero. */
export function exitOnStartupError(name: string, error: unknown): never {
  console.error(`[${name}] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

export interface SubgraphMain<TDb extends { close(): Promise<void> }> {
  name: string;
  /** Reads and validates configuration; a ConfigError stops the start with every problem listed. */
  readConfig: () => {
    host: string;
    port: number;
    logLevel: string;
    database: import('./db.ts').DatabaseLocation;
    signing: SigningConfig;
    timeouts: HttpTimeouts;
    demoData: boolean;
    metrics: MetricsConfig;
  };
  open: (location: import('./db.ts').DatabaseLocation) => Promise<TDb>;
  /** Seeds an empty database with reference data, and demonstration data when `demo` (a database with data is left as it is). */
  seedIfEmpty: (db: TDb, options: { demo: boolean }) => Promise<boolean>;
  /** Builds the app; `options` goes on to createApolloSubgraphApp / createMercuriusSubgraphApp as it is. */
  createServer: (db: TDb, options: { logLevel: string; signing: SigningConfig; timeouts: HttpTimeouts; metrics: MetricsConfig }) => Promise<FastifyInstance>;
}

/** What every subgraph's `main.ts` does: open and migrate its database, seed it if empty, listen. */
export async function runSubgraphMain<TDb extends { close(): Promise<void> }>(main: SubgraphMain<TDb>): Promise<void> {
  let db: TDb | undefined;
  try {
    // Before the app is built: its logger and hooks depend on whether tracing is on.
    startTracing(main.name);
    const config = main.readConfig();
    db = await main.open(config.database);
    if (await main.seedIfEmpty(db, { demo: config.demoData })) {
      console.log(`[${main.name}] seeded an empty database with reference data${config.demoData ? ' and demonstration data (SEED_DEMO_DATA; never in production)' : ''}`);
    }
    const app = await main.createServer(db, { logLevel: config.logLevel, signing: config.signing, timeouts: config.timeouts, metrics: config.metrics });
    await serve(app, { name: main.name, host: config.host, port: config.port, onClose: () => db!.close() });
  } catch (error) {
    await db?.close().catch(() => {});
    exitOnStartupError(main.name, error);
  }
}
