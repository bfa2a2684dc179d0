// What an operator sees of a running hub: every process live and ready, the gateway's readiness
// reporting a partner that is down without failing, its circuit breaker skipping that partner
// and calling it again once it is back, and /metrics open only to the operator's token. Four
// subgraphs and the gateway as real processes on PGlite.
import { sample } from '@crimehub/common';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { createPostgresDatabase, freePort, startHub, startSubgraph, type Hub, type SubgraphHandle } from '../utils/processes.ts';

const metricsToken = 'operations-e2e-metrics-token-0123456789';
/** The saved Help operation's text as front ends send it: counted under its name. */
const savedHelp = print(parse(helpQuery));
const question = { crimeType: 'burglary', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
const ask = () => graphql(hub.gateway.url, savedHelp, question);

let hub: Hub;
let victimsPort: number;
const base = (url: string) => url.replace(/\/graphql$/, '');
const get = (url: string, path: string, headers: Record<string, string> = {}) => fetch(`${base(url)}${path}`, { headers, signal: AbortSignal.timeout(30_000) });
const readiness = async () => (await get(hub.gateway.url, '/health/ready')).json() as Promise<{ status: string; subgraphs: Record<string, { status: string; circuit: string }> }>;
const metrics = async (url: string) => {
  const response = await get(url, '/metrics', { authorization: `Bearer ${metricsToken}` });
  expect(response.status).toBe(200);
  return response.text();
};

beforeAll(async () => {
  victimsPort = await freePort();
  // The response cache is off: these tests ask the same help question while a partner is down, and
  // a cached answer (served for its 60 s without asking anyone) would hide the circuit at work.
  hub = await startHub(
    'pglite',
    { METRICS_TOKEN: metricsToken, CIRCUIT_FAILURE_THRESHOLD: '2', CIRCUIT_COOLDOWN_MS: '3000', RESPONSE_CACHE_MAX_BYTES: '0' },
    { METRICS_TOKEN: metricsToken },
    { victimsPort },
  );
});
afterAll(() => hub?.stop());

describe('a running hub', () => {
  it('answers live and ready on every process, the gateway listing each partner as up', async () => {
    for (const running of [hub.gateway, ...Object.values(hub.subgraphs)]) {
      expect((await get(running.url, '/health/live')).status, `${running.name} live`).toBe(200);
      expect((await get(running.url, '/health/ready')).status, `${running.name} ready`).toBe(200);
    }
    const up = { status: 'up', circuit: 'closed' };
    expect(await readiness()).toEqual({ status: 'ok', service: 'gateway', supergraph: 'loaded', subgraphs: { police: up, support: up, cyber: up, victims: up } });
  });

  it('shows its metrics only with METRICS_TOKEN: operations by saved name, subgraph calls, the outbox', async () => {
    expect((await ask()).errors).toBeUndefined();
    for (const running of [hub.gateway, ...Object.values(hub.subgraphs)]) {
      const refused = await get(running.url, '/metrics');
      expect(refused.status, `${running.name} /metrics without the token`).toBe(401);
      expect(((await refused.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    const gateway = await metrics(hub.gateway.url);
    expect(sample(gateway, 'graphql_operations_total', { operation: 'Help' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'graphql_operation_duration_seconds_count', { operation: 'Help' })).toBeGreaterThanOrEqual(1);
    for (const subgraph of ['police', 'support', 'cyber', 'victims']) {
      expect(sample(gateway, 'gateway_subgraph_requests_total', { subgraph, outcome: 'ok' }), subgraph).toBeGreaterThanOrEqual(1);
      expect(sample(gateway, 'gateway_subgraph_circuit_state', { subgraph }), subgraph).toBe(0);
    }
    // A document that is not a saved operation is counted, but not under the name it gives itself.
    await graphql(hub.gateway.url, 'query MadeUpName { crimeTypes { code } }');
    const after = await metrics(hub.gateway.url);
    expect(sample(after, 'graphql_operations_total', { operation: 'MadeUpName' })).toBeUndefined();
    expect(sample(after, 'graphql_operations_total', { operation: 'other' })).toBeGreaterThanOrEqual(1);
    const police = await metrics(hub.subgraphs.police.url);
    expect(sample(police, 'police_outbox_backlog', { service: 'police' })).toBeGreaterThanOrEqual(0);
    expect(sample(police, 'police_outbox_oldest_age_seconds', { service: 'police' })).toBeGreaterThanOrEqual(0);
    expect(sample(police, 'http_requests_total', { route: '/graphql', method: 'POST', status: '2xx' })).toBeGreaterThanOrEqual(1);
  });

  it('reports a partner that is down, skips it once it keeps failing, and calls it again when it is back', async () => {
    await hub.subgraphs.victims.stop();
    const down = await get(hub.gateway.url, '/health/ready');
    expect(down.status).toBe(200);
    expect(((await down.json()) as { subgraphs: Record<string, unknown> }).subgraphs.victims).toEqual({ status: 'down', circuit: 'closed' });

    // Two failures in a row (CIRCUIT_FAILURE_THRESHOLD) open the circuit.
    for (let i = 0; i < 2; i++) {
      const answer = await ask();
      expect(answer.data!.help.victimServices).toBeNull();
      expect(answer.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('could not be reached'), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'victims' } })]);
    }
    const skipped = await ask();
    expect(skipped.data!.help.victimServices).toBeNull();
    expect(skipped.data!.help.reportingRoutes.length).toBeGreaterThan(0);
    expect(skipped.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('has been failing'), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'victims' } })]);
    const open = await metrics(hub.gateway.url);
    expect(sample(open, 'gateway_subgraph_requests_total', { subgraph: 'victims', outcome: 'skipped' })).toBeGreaterThanOrEqual(1);
    expect(sample(open, 'graphql_errors_total', { code: 'SUBGRAPH_UNAVAILABLE' })).toBeGreaterThanOrEqual(3);

    // Back on the same port: after the cool-down, one trial call closes the circuit again.
    hub.subgraphs.victims = await startSubgraph('victims', 'pglite', { PORT: String(victimsPort), METRICS_TOKEN: metricsToken });
    await expect.poll(async () => (await ask()).errors, { timeout: 60_000, interval: 500 }).toBeUndefined();
    expect((await ask()).data!.help.victimServices.length).toBeGreaterThan(0);
    expect((await readiness()).subgraphs.victims).toEqual({ status: 'up', circuit: 'closed' });
    expect(sample(await metrics(hub.gateway.url), 'gateway_subgraph_circuit_state', { subgraph: 'victims' })).toBe(0);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two police replicas on one PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  const replicas: SubgraphHandle[] = [];
  const env = { METRICS_TOKEN: metricsToken, LEADER_RETRY_MS: '1000', VICTIMS_URL: 'http://127.0.0.1:9/graphql' };
  const leads = async (replica: SubgraphHandle) => sample(await metrics(replica.url), 'leader', { job: 'police-jobs' });

  beforeAll(async () => {
    database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_leader');
    // One after the other: the first migrates and seeds the database, the second finds it ready.
    replicas.push(await startSubgraph('police', 'postgres', env, database.url));
    replicas.push(await startSubgraph('police', 'postgres', env, database.url));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database?.drop();
  });

  it('run the referral relay and the audit purge in one replica only; when it is killed the other takes over', async () => {
    const [first, second] = replicas as [SubgraphHandle, SubgraphHandle];
    await expect.poll(() => leads(first), { timeout: 60_000, interval: 250 }).toBe(1);
    // The second has tried to take the lock several times meanwhile (LEADER_RETRY_MS), and could not.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await leads(first)).toBe(1);
    expect(await leads(second)).toBe(0);
    // Each replica's PostgreSQL pool shows in its metrics.
    const pool = await metrics(second.url);
    expect(sample(pool, 'db_pool_max')).toBe(10);
    expect(sample(pool, 'db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);

    // Killed outright: no clean shutdown releases the lock; PostgreSQL does, when the session ends.
    process.kill(first.pid, 'SIGKILL');
    await expect.poll(() => leads(second), { timeout: 60_000, interval: 250 }).toBe(1);
    expect((await get(second.url, '/health/ready')).status).toBe(200);
  });
});
