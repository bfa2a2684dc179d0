// `npm run data:postcodes` on a small CSV in the NSPL layout (tests/fixtures/nspl-sample.csv: its
// columns are NSPL's, its postcodes and their local authorities synthetic, made up for the test).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildPostcodeSectors, csvFields, releaseOfFileName, ruralUrbanOfRuc } from '../scripts/buildPostcodeSectors.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'nspl-sample.csv');

describe('buildPostcodeSectors', () => {
  it('keeps live postcodes, sectors touching the 9 districts, local authorities by count, the class, and split sectors’ postcodes', async () => {
    const built = await buildPostcodeSectors(fixture, { date: '2025-02', places: { 'WS15 4': 'Armitage, Handsacre' } });
    expect(built).toMatchObject({ date: '2025-02', licence: 'Open Government Licence v3.0', source: expect.stringContaining('nspl-sample.csv') });
    expect(built.sectors).toEqual([
      { sector: 'ST16 2', districts: ['E07000197'], status: 'confirmed', ruralUrban: 'URBAN', places: '' },
      // TF9 4: Newcastle-under-Lyme (2) before Shropshire (1); ST7 2 (Cheshire East only) is left out
      { sector: 'TF9 4', districts: ['E07000195', 'E06000051'], status: 'confirmed', ruralUrban: 'RURAL', places: '' },
      // WS15 1: two Cannock Chase postcodes, one Lichfield; urban and rural → MIXED
      { sector: 'WS15 1', districts: ['E07000192', 'E07000194'], status: 'confirmed', ruralUrban: 'MIXED', places: '' },
      // WS15 4: the terminated Cannock Chase postcode does not count
      { sector: 'WS15 4', districts: ['E07000194'], status: 'confirmed', ruralUrban: 'RURAL', places: 'Armitage, Handsacre' },
    ]);
    expect(built.postcodes).toEqual({
      'WS15 1AA': 'E07000192',
      'WS15 1AB': 'E07000192',
      'WS15 1AD': 'E07000194',
      'TF9 4AA': 'E07000195',
      'TF9 4AB': 'E07000195',
      'TF9 4AD': 'E06000051',
    });
  });

  it('runs as npm run data:postcodes, writing the file', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'nspl-')), 'sectors.json');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/buildPostcodeSectors.ts', fixture, '--out', out, '--date', '2025-02'], { cwd: path.join(import.meta.dirname, '..') });
    expect(stdout).toMatch(/4 sectors \(2 split between local authorities, 6 postcodes listed\)/);
    expect(JSON.parse(readFileSync(out, 'utf8')).sectors).toHaveLength(4);
  });

  it('refuses a CSV without the NSPL columns', async () => {
    const other = path.join(mkdtempSync(path.join(tmpdir(), 'nspl-')), 'other.csv');
    await import('node:fs').then((fs) => fs.writeFileSync(other, 'postcode,district\nST16 2AB,E07000197\n'));
    await expect(buildPostcodeSectors(other)).rejects.toThrow(/no pcds, doterm, lad column/);
  });

  it('reads quoted CSV fields, RUC codes and release names', () => {
    expect(csvFields('"a,b","c ""d""",,e')).toEqual(['a,b', 'c "d"', '', 'e']);
    expect(['A1', 'B1', 'C2', 'UN1', 'UF1'].map(ruralUrbanOfRuc)).toEqual(['URBAN', 'URBAN', 'URBAN', 'URBAN', 'URBAN']);
    expect(['D1', 'E2', 'F1', 'RSN1', 'RLF1'].map(ruralUrbanOfRuc)).toEqual(['RURAL', 'RURAL', 'RURAL', 'RURAL', 'RURAL']);
    expect(ruralUrbanOfRuc('3')).toBeNull();
    expect(releaseOfFileName('/data/NSPL_FEB_2025_UK.csv')).toBe('2025-02');
    expect(releaseOfFileName('nspl.csv')).toBeUndefined();
  });
});
