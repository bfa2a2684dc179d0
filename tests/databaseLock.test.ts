// An embedded PGlite database is opened by one process at a time: a second opener — another
// process such as `npm run seed` while the hub runs, or a second open in the same process — gets
// a clear error naming the process that holds it and touches nothing; a lock left by a process
// that no longer runs is taken over.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseLockFileName, repoRoot } from '@crimehub/common';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import { seed } from '../subgraphs/police/src/seed.ts';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bch-lock-'));
  dirs.push(dir);
  return dir;
}

/** The pid of a process that has run and exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('an embedded database', () => {
  it('refuses `npm run seed` while another process has it open, naming that process, and keeps its data', async () => {
    const dir = await tempDir();
    const held = await openPoliceDatabase({ kind: 'pglite', dir });
    let crimeTypes: number;
    try {
      await seed(held.prisma);
      crimeTypes = await held.prisma.crimeType.count();
      expect(crimeTypes).toBeGreaterThan(0);
      const lock = JSON.parse(await readFile(path.join(dir, databaseLockFileName), 'utf8'));
      expect(lock).toMatchObject({ pid: process.pid, command: expect.any(String) });

      const seeding = await run('npm', ['run', 'seed'], {
        cwd: repoRoot,
        env: { ...process.env, POLICE_PGLITE_DIR: dir, SUPPORT_PGLITE_DIR: 'memory://', CYBER_PGLITE_DIR: 'memory://', VICTIMS_PGLITE_DIR: 'memory://' },
      }).then(
        () => expect.fail('npm run seed succeeded on a database another process holds'),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(seeding.code).not.toBe(0);
      expect(seeding.stderr).toMatch(new RegExp(`police: could not seed ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*in use by process ${process.pid} \\(.+\\)`));
      expect(seeding.stderr).toMatch(/one process at a time/);
      // The other subgraphs were seeded: only the held database was refused.
      expect(seeding.stdout).toMatch(/support: seeded/);

      // The holder carries on undisturbed.
      expect(await held.prisma.crimeType.count()).toBe(crimeTypes);
    } finally {
      await held.close();
    }
    expect(existsSync(path.join(dir, databaseLockFileName))).toBe(false);
    const reopened = await openPoliceDatabase({ kind: 'pglite', dir });
    try {
      expect(reopened.applied).toEqual([]);
      expect(await reopened.prisma.crimeType.count()).toBe(crimeTypes);
    } finally {
      await reopened.close();
    }
  }, 300_000);

  it('refuses a second open in the same process', async () => {
    const dir = await tempDir();
    const first = await openPoliceDatabase({ kind: 'pglite', dir });
    try {
      await expect(openPoliceDatabase({ kind: 'pglite', dir })).rejects.toThrow(new RegExp(`in use by process ${process.pid} \\(this process, since `));
      expect(await first.prisma.crimeType.count()).toBe(0);
    } finally {
      await first.close();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = await tempDir();
    const pid = await deadPid();
    await writeFile(
      path.join(dir, databaseLockFileName),
      JSON.stringify({ pid, command: 'node killed-with-sigkill.js', hostname: (await import('node:os')).hostname(), since: new Date().toISOString() }),
    );
    const db = await openPoliceDatabase({ kind: 'pglite', dir });
    try {
      expect(JSON.parse(await readFile(path.join(dir, databaseLockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await db.close();
    }
    expect(existsSync(path.join(dir, databaseLockFileName))).toBe(false);
  });

  it('releases the lock when its process exits without closing the database', async () => {
    const dir = await tempDir();
    const script = `
      import { openPoliceDatabase } from ${JSON.stringify(path.join(repoRoot, 'subgraphs/police/src/db.ts'))};
      await openPoliceDatabase({ kind: 'pglite', dir: process.argv[1] });
      process.exit(0);`;
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: repoRoot });
    expect(existsSync(path.join(dir, databaseLockFileName))).toBe(false);
  });
});
