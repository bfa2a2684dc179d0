// `npm run data:postcodes -- <NSPL csv> [--date YYYY-MM] [--source text] [--out file]`: rebuilds
// common/data/postcode-sectors.json from the ONS National Statistics Postcode Lookup (NSPL, Open
// Government Licence v3.0), the data/multi_csv or full UK CSV with the columns the NSPL user guide
// names: pcds (postcode with one space), doterm (date terminated: empty while live), the local
// authority (laua, or lad<yy>cd in later releases) and the rural-urban class (ru11ind, or
// ruc21ind). Keeps live postcodes only; every sector with at least one postcode in the hub's 9
// districts; each sector's local authorities by number of postcodes, most first; its class RURAL,
// URBAN or MIXED; every sector "confirmed"; and, for a sector split between local authorities,
// each of its postcodes in `postcodes`. Exit codes: 0 written; 1 the file could not be read or has
// none of the columns; 2 wrong arguments.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { districts, type PostcodeSector, type PostcodeSectorFile, type RuralUrban } from '@crimehub/common';

const ourCodes = new Set<string>(districts.map((d) => d.code));
const defaultOut = fileURLToPath(new URL('../common/data/postcode-sectors.json', import.meta.url));

export interface BuildOptions {
  /** The NSPL release, e.g. `2025-02`; read from a file name such as NSPL_FEB_2025_UK.csv when omitted. */
  date?: string;
  /** How to name the source; "ONS National Statistics Postcode Lookup (<file name>)" when omitted. */
  source?: string;
  /** Sector places to carry over (NSPL names no places), e.g. the current file's. */
  places?: Record<string, string>;
}

/** One CSV line split into fields: commas separate, double quotes enclose, `""` is a quote. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** URBAN or RURAL from an RUC code: 2011 A1–C2 urban, D1–F2 rural; 2021 U… urban, R… rural; null otherwise. */
export function ruralUrbanOfRuc(code: string): 'URBAN' | 'RURAL' | null {
  const c = code.trim().toUpperCase();
  if (/^[ABC][12]$/.test(c) || /^U[A-Z]*\d*$/.test(c)) return 'URBAN';
  if (/^[DEF][12]$/.test(c) || /^R[A-Z]*\d*$/.test(c)) return 'RURAL';
  return null;
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `2025-02` from a name such as NSPL_FEB_2025_UK.csv, or undefined. */
export function releaseOfFileName(file: string): string | undefined {
  const match = /(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[_-]?(20\d\d)/i.exec(path.basename(file));
  return match ? `${match[2]}-${String(months.indexOf(match[1]!.toUpperCase()) + 1).padStart(2, '0')}` : undefined;
}

/** Reads an NSPL CSV and answers the postcode sector file the hub loads. */
export async function buildPostcodeSectors(csvFile: string, options: BuildOptions = {}): Promise<PostcodeSectorFile> {
  const lines = createInterface({ input: createReadStream(csvFile, 'utf8'), crlfDelay: Infinity });
  let columns: { pcds: number; doterm: number; lad: number; ruc: number } | undefined;
  // sector → local authority → its live postcodes; sector → classes seen
  const sectors = new Map<string, Map<string, string[]>>();
  const classes = new Map<string, Set<'URBAN' | 'RURAL' | null>>();
  for await (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    const fields = csvFields(line);
    if (!columns) {
      const names = fields.map((f) => f.trim().toLowerCase());
      const find = (...candidates: RegExp[]) => names.findIndex((n) => candidates.some((c) => c.test(n)));
      columns = { pcds: find(/^pcds$/), doterm: find(/^doterm$/), lad: find(/^laua$/, /^lad\d\dcd$/), ruc: find(/^ru11ind$/, /^ruc\d\dind$/) };
      // The rural-urban class may be missing (ruralUrban is then null); the rest may not.
      const missing = Object.entries(columns)
        .filter(([name, i]) => i < 0 && name !== 'ruc')
        .map(([name]) => name);
      if (missing.length > 0) throw new Error(`${csvFile} has no ${missing.join(', ')} column: is it the NSPL CSV? Its header: ${names.slice(0, 20).join(',')}`);
      continue;
    }
    if ((fields[columns.doterm] ?? '').trim() !== '') continue; // terminated
    const postcode = (fields[columns.pcds] ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
    const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9])[A-Z]{2}$/.exec(postcode);
    if (!match) continue;
    const sector = `${match[1]} ${match[2]}`;
    const lad = (fields[columns.lad] ?? '').trim();
    if (!lad) continue;
    const byLad = sectors.get(sector) ?? new Map<string, string[]>();
    byLad.set(lad, [...(byLad.get(lad) ?? []), postcode]);
    sectors.set(sector, byLad);
    const seen = classes.get(sector) ?? new Set();
    seen.add(columns.ruc >= 0 ? ruralUrbanOfRuc(fields[columns.ruc] ?? '') : null);
    classes.set(sector, seen);
  }
  if (!columns) throw new Error(`${csvFile} is empty.`);
  const kept: PostcodeSector[] = [];
  const postcodes: Record<string, string> = {};
  const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  for (const sector of [...sectors.keys()].sort(natural)) {
    const byLad = sectors.get(sector)!;
    if (![...byLad.keys()].some((code) => ourCodes.has(code))) continue;
    const ranked = [...byLad.entries()].sort((a, b) => b[1].length - a[1].length || natural(a[0], b[0]));
    const seen = classes.get(sector)!;
    const ruralUrban: RuralUrban | null = seen.has(null) ? (seen.size > 1 ? 'MIXED' : null) : seen.size === 1 ? [...seen][0]! : 'MIXED';
    kept.push({ sector, districts: ranked.map(([code]) => code), status: 'confirmed', ruralUrban, places: options.places?.[sector] ?? '' });
    if (ranked.length > 1) for (const [code, list] of ranked) for (const postcode of list) postcodes[postcode] = code;
  }
  const name = path.basename(csvFile);
  const date = options.date ?? releaseOfFileName(csvFile) ?? new Date().toISOString().slice(0, 10);
  return {
    source: options.source ?? `ONS National Statistics Postcode Lookup (${name})`,
    sourceUrl: 'https://geoportal.statistics.gov.uk/search?q=PRD_NSPL',
    date,
    licence: 'Open Government Licence v3.0',
    attribution:
      'Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right. Contains Royal Mail data © Royal Mail copyright and database right. Contains GeoPlace data © Local Government Information House Limited copyright and database right.',
    method: `Built by scripts/buildPostcodeSectors.ts from ${name}: live postcodes (doterm empty) only; every postcode sector with at least one postcode in the 9 districts; each sector's local authorities ordered by number of live postcodes; ruralUrban from the ONS rural-urban classification of its postcodes (RURAL or URBAN when all agree, MIXED when both, null when unknown); every sector confirmed; the postcodes of each sector split between local authorities listed one by one.`,
    sectors: kept,
    postcodes,
  };
}

function argumentsOf(argv: string[]): { file: string; out: string; options: BuildOptions } {
  const args = [...argv];
  let file: string | undefined;
  let out = defaultOut;
  const options: BuildOptions = {};
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--date') options.date = args.shift();
    else if (arg === '--source') options.source = args.shift();
    else if (arg === '--out') out = path.resolve(args.shift() ?? '');
    else if (!file && !arg.startsWith('--')) file = arg;
    else throw Object.assign(new Error(`Unknown argument ${arg}.`), { exitCode: 2 });
  }
  if (!file) throw Object.assign(new Error('Usage: npm run data:postcodes -- <NSPL csv> [--date YYYY-MM] [--source text] [--out file]'), { exitCode: 2 });
  return { file, out, options };
}

async function main() {
  const { file, out, options } = argumentsOf(process.argv.slice(2));
  // Carry the places of the current file over: NSPL names none.
  try {
    const current = JSON.parse(readFileSync(out, 'utf8')) as PostcodeSectorFile;
    options.places = Object.fromEntries(current.sectors.map((s) => [s.sector, s.places]));
  } catch {
    // no current file
  }
  const built = await buildPostcodeSectors(file, options);
  writeFileSync(out, `${JSON.stringify(built, null, 2)}\n`);
  const split = built.sectors.filter((s) => s.districts.length > 1).length;
  console.log(`Wrote ${out}: ${built.sectors.length} sectors (${split} split between local authorities, ${Object.keys(built.postcodes).length} postcodes listed).`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: Error & { exitCode?: number }) => {
    console.error(error.message);
    process.exit(error.exitCode ?? 1);
  });
}
