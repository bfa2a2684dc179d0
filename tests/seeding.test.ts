// Seeds: reference data (crime types, districts, routes, the directory) is what every
// deployment gets; demonstration data (synthetic reports, businesses, bookings, champions,
// dated sessions) is a separate, explicit step that production never runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readSubgraphConfig, repoRoot } from '@crimehub/common';
import { openCyberDatabase } from '../subgraphs/cyber/src/db.ts';
import * as cyber from '../subgraphs/cyber/src/seed.ts';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import * as police from '../subgraphs/police/src/seed.ts';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import * as support from '../subgraphs/support/src/seed.ts';
import { createPostgresDatabase } from './utils/processes.ts';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const memory = { kind: 'pglite', dir: 'memory://' } as const;

describe('reference and demonstration seeds', () => {
  it('police: reference data has crime types, routes and districts and no crime reports; the demo adds the 40 synthetic reports', async () => {
    const db = await openPoliceDatabase(memory);
    try {
      await police.seed(db.prisma);
      expect(await db.prisma.crimeType.count()).toBeGreaterThan(0);
      expect(await db.prisma.reportingRoute.count()).toBeGreaterThan(0);
      expect(await db.prisma.district.count()).toBe(9);
      expect(await db.prisma.crimeReport.count()).toBe(0);
      await police.seedDemo(db.prisma);
      expect(await db.prisma.crimeReport.count()).toBe(40);
    } finally {
      await db.close();
    }
  });

  it('support: reference data has the directory and no businesses; the demo adds the synthetic businesses', async () => {
    const db = await openSupportDatabase(memory);
    try {
      await support.seed(db.prisma);
      expect(await db.prisma.organization.count()).toBeGreaterThan(0);
      expect(await db.prisma.supportOffer.count()).toBeGreaterThan(0);
      expect(await db.prisma.business.count()).toBe(0);
      await support.seedDemo(db.prisma);
      expect(await db.prisma.business.count()).toBe(10);
    } finally {
      await db.close();
    }
  });

  it('cyber: reference data has the courses and no invented sessions, bookings or champions; the demo adds them', async () => {
    const db = await openCyberDatabase(memory);
    try {
      await cyber.seed(db.prisma);
      expect(await db.prisma.course.count()).toBeGreaterThan(0);
      expect(await db.prisma.trainingSession.count()).toBe(0);
      expect(await db.prisma.booking.count()).toBe(0);
      expect(await db.prisma.cyberChampion.count()).toBe(0);
      await cyber.seedDemo(db.prisma);
      expect(await db.prisma.trainingSession.count()).toBeGreaterThan(0);
      expect(await db.prisma.booking.count()).toBeGreaterThan(0);
      expect(await db.prisma.cyberChampion.count()).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('SEED_DEMO_DATA: on by default outside production, off in production, and refused there', () => {
    const secret = 'f3a9c2e1b7d04a6c8e5f1b2d3c4a5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d';
    expect(readSubgraphConfig('police', 0, {}).demoData).toBe(true);
    expect(readSubgraphConfig('police', 0, { NODE_ENV: 'test' }).demoData).toBe(true);
    expect(readSubgraphConfig('police', 0, { SEED_DEMO_DATA: 'false' }).demoData).toBe(false);
    expect(readSubgraphConfig('police', 0, { NODE_ENV: 'production', HUB_SIGNING_SECRET: secret }).demoData).toBe(false);
    expect(() => readSubgraphConfig('police', 0, { NODE_ENV: 'production', HUB_SIGNING_SECRET: secret, SEED_DEMO_DATA: 'true' })).toThrow(/SEED_DEMO_DATA=true is refused in production/);
  });
});

describe('npm run seed:demo', () => {
  it('refuses NODE_ENV=production with a clear message and writes nothing (PGlite and PostgreSQL)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bch-seed-demo-'));
    dirs.push(dir);
    const postgres = process.env.TEST_DATABASE_URL ? await createPostgresDatabase(process.env.TEST_DATABASE_URL, 'seeddemo') : undefined;
    try {
      const env = {
        ...process.env,
        NODE_ENV: 'production',
        POLICE_PGLITE_DIR: path.join(dir, 'police'),
        SUPPORT_PGLITE_DIR: path.join(dir, 'support'),
        CYBER_PGLITE_DIR: path.join(dir, 'cyber'),
        ...(postgres ? { VICTIMS_DATABASE_URL: postgres.url } : { VICTIMS_PGLITE_DIR: path.join(dir, 'victims') }),
      };
      const refused = await run('npm', ['run', 'seed:demo'], { cwd: repoRoot, env }).then(
        () => expect.fail('seed:demo ran in production'),
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/npm run seed:demo refuses to run with NODE_ENV=production: demonstration data .* must never reach a live hub/);
      for (const name of ['police', 'support', 'cyber', 'victims']) expect(existsSync(path.join(dir, name))).toBe(false);
      if (postgres) {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
          expect(rows[0].n).toBe(0);
        } finally {
          await client.end();
        }
      }
    } finally {
      await postgres?.drop();
    }
  });
});
