// Leader election on a real PostgreSQL (TEST_DATABASE_URL): of two replicas one runs the work;
// when it stops, the other takes over. On PGlite the one process leads at once.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { advisoryLockKey, runAsLeader, type Leadership } from './leader.ts';

const log = { info: () => {}, warn: () => {} };
const serverUrl = process.env.TEST_DATABASE_URL;

/** Work that records whether it runs. */
function job() {
  const state = { running: false, starts: 0 };
  return { state, work: () => ((state.running = true), state.starts++, { stop: async () => void (state.running = false) }) };
}

const started: Leadership[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((leadership) => leadership.stop()));
});

describe('leader election', () => {
  it('gives the same lock key for the same name in every replica, and another for another name', () => {
    expect(advisoryLockKey('police-jobs')).toBe(advisoryLockKey('police-jobs'));
    expect(advisoryLockKey('police-jobs')).not.toBe(advisoryLockKey('other-jobs'));
  });

  it('on PGlite, runs the work at once: the one process is the leader', async () => {
    const { state, work } = job();
    const leadership = runAsLeader({ name: 'police-jobs', location: { kind: 'pglite', dir: 'memory://' }, retryMs: 1000, log }, work);
    started.push(leadership);
    expect(leadership.isLeader()).toBe(true);
    expect(state.running).toBe(true);
    await leadership.stop();
    expect(state.running).toBe(false);
  });

  it.skipIf(!serverUrl)('on PostgreSQL, runs the work in one replica only, and in the other once the first stops', async () => {
    const name = `test-${randomUUID()}`;
    const location = { kind: 'postgres' as const, url: serverUrl! };
    const first = job();
    const second = job();
    const a = runAsLeader({ name, location, retryMs: 1000, log }, first.work);
    started.push(a);
    await expect.poll(() => a.isLeader(), { timeout: 30_000 }).toBe(true);
    const b = runAsLeader({ name, location, retryMs: 1000, log }, second.work);
    started.push(b);
    // b has tried (and failed) to take the lock at least twice meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect([first.state.running, second.state.running]).toEqual([true, false]);
    await a.stop();
    expect(first.state.running).toBe(false);
    await expect.poll(() => b.isLeader(), { timeout: 30_000 }).toBe(true);
    expect(second.state).toEqual({ running: true, starts: 1 });
  });
});
