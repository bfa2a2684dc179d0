// Shared by every subgraph and the gateway: configuration, databases, migrations, errors, servers,
// and Open Referral UK in and out (oruk/).
export * from './config.ts';
export * from './db.ts';
export * from './errors.ts';
export * from './schemaEngine.ts';
export * from './servers.ts';
export * from './help.ts';
export * from './helpRanking.ts';
export * from './serve.ts';
export * from './health.ts';
export * from './metrics.ts';
export * from './migrationSource.ts';
export * from './districts.ts';
export * from './place.ts';
export * from './identity.ts';
export * from './ids.ts';
export * from './signing.ts';
export * from './nonceStore.ts';
export * from './validation.ts';
export * from './quoteInput.ts';
export * from './scalars.ts';
export * from './connections.ts';
export * from './permissions.ts';
export * from './oruk/index.ts';
export * from './money.ts';
export * from './filters.ts';
export * from './statistics.ts';
