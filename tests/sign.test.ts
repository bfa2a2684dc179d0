// `npm run sign -- <subgraph> <query>`: a partner developer calls a subgraph directly, signed as
// the gateway signs, and gets its answer; with --print-headers, a curl command that works once.
// It refuses production, unknown subgraphs and malformed options. Against the real police
// subgraph in this process, which checks every signature as it does behind the gateway.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { repoRoot, type SigningConfig } from '@crimehub/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPoliceInProcess, type PoliceInProcess } from './utils/policeInProcess.ts';

const signing: SigningConfig = { secret: randomBytes(32).toString('hex'), maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
let police: PoliceInProcess;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run sign -- …` as npm would (tsx), without blocking this process, which serves the subgraph. */
function sign(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sign.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'development', HUB_SIGNING_SECRET: signing.secret, POLICE_URL: police.url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  police = await startPoliceInProcess(signing);
});

afterAll(async () => {
  await police?.close();
});

// Each run loads the gateway's configuration as the hub does: seconds on a crowded machine.
describe('npm run sign', { timeout: 300_000 }, () => {
  it('sends a signed query to the subgraph and prints its answer', async () => {
    const run = await sign(['police', 'query CrimeTypes($cyber: Boolean) { crimeTypes(cyber: $cyber) { code cyber } }', '--variables', '{"cyber": true}']);
    expect(run.status, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as { data: { crimeTypes: { code: string; cyber: boolean }[] } };
    expect(answer.data.crimeTypes.length).toBeGreaterThan(0);
    expect(answer.data.crimeTypes.every((type) => type.cyber)).toBe(true);
  });

  it('reads a saved operation from a file', async () => {
    const run = await sign(['police', '@operations/public/Districts.graphql']);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { data: { districts: unknown[] } }).data.districts).toHaveLength(9);
  });

  it('signs for the identity it is given: a role-only field answers an analyst, not an anonymous caller', async () => {
    const query = '{ crimeReportStatistics { count } }';
    const [anonymous, analyst] = await Promise.all([sign(['police', query]), sign(['police', query, '--role', 'analyst'])]);
    expect(anonymous.status).toBe(1);
    expect(JSON.parse(anonymous.stdout).errors[0].extensions.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    expect(analyst.status, analyst.stdout).toBe(0);
    // No reports: every crime type in every district is listed, each withheld (a zero looks like 1 to 4).
    const cells = JSON.parse(analyst.stdout).data.crimeReportStatistics as { count: number | null }[];
    expect(cells.length).toBeGreaterThanOrEqual(9);
    expect(cells.filter((cell) => cell.count !== null)).toEqual([]);
  });

  it('prints a curl command that the subgraph accepts once', async () => {
    const run = await sign(['police', '{ districts { code } }', '--print-headers']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^curl -sS '[^']+\/graphql' \\\n/);
    expect(run.stderr).toContain('Valid once, for 30 s');
    // The command as a shell would run it: its headers and the exact body.
    const headers = Object.fromEntries([...run.stdout.matchAll(/-H '([^:]+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
    const body = /--data-raw '([^']*)'/.exec(run.stdout)![1]!;
    expect(Object.keys(headers)).toEqual(['content-type', 'x-hub-identity', 'x-hub-timestamp', 'x-hub-nonce', 'x-hub-signature']);
    const first = await fetch(police.url, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { districts: unknown[] } }).data.districts).toHaveLength(9);
    const replayed = await fetch(police.url, { method: 'POST', headers, body });
    expect(replayed.status).toBe(401);
  });

  it('says so when the subgraph refuses the signature (another secret)', async () => {
    const run = await sign(['police', '{ districts { code } }'], { HUB_SIGNING_SECRET: randomBytes(32).toString('hex') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('HTTP 401: the police subgraph refused the signature');
  });

  it('refuses to run with NODE_ENV=production', async () => {
    const run = await sign(['police', '{ districts { code } }'], { NODE_ENV: 'production' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('npm run sign refuses to run with NODE_ENV=production');
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown subgraph and malformed options, saying how to call it', async () => {
    const [unknown, variables, business] = await Promise.all([
      sign(['billing', '{ districts { code } }']),
      sign(['police', '{ districts { code } }', '--variables', '[1]']),
      sign(['police', '{ districts { code } }', '--role', 'business']),
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown subgraph "billing": use one of police, support, cyber, victims.');
    expect(unknown.stderr).toContain('Usage: npm run sign');
    expect(variables.stderr).toContain('--variables must be a JSON object');
    expect(business.stderr).toContain('--role business needs --business <id>');
    expect([variables.status, business.status]).toEqual([2, 2]);
  });
});
