// What the benchmarks share: the machine line, percentiles, one printed line per measured item,
// and the help questions they ask. `npm run bench` and `npm run bench:scale` print with these.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** The help questions the benchmarks ask, in turn (crime type and the business's place). */
export const helpQuestions = [
  { crimeType: 'cyber-ransomware', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } },
  { crimeType: 'shoplifting', business: { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' } },
  { crimeType: 'farm-machinery-theft', business: { district: 'E07000198', sector: 'AGRICULTURE', size: 'MICRO', rural: true } },
  { crimeType: 'payment-diversion-fraud', business: { postcode: 'ST5 1AA', sector: 'PROFESSIONAL_SERVICES', size: 'MEDIUM' } },
  { crimeType: 'violent-crime', business: { district: 'E06000021', sector: 'HOSPITALITY', size: 'SMALL' } },
];

/** `machine: <cores> × <CPU model>, <GiB> GiB, Node <version>, <os>`: the line every benchmark prints first. */
export function machineLine(): string {
  const cpu = os.cpus();
  return `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The p-th percentile of ascending latencies (nearest rank, rounding down). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Summary {
  label: string;
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
  /** Requests a second over the wall time the item took. */
  throughput: number;
  /** Requests that failed (not in the latencies), when the benchmark counts them. */
  errors?: number;
}

/** The figures of one measured item: its latencies (ms) and the wall time they took together (ms). */
export function summarize(label: string, latencies: readonly number[], wallMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length === 0) return { label, n: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, throughput: 0 };
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { label, n: sorted.length, mean, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)!, throughput: (sorted.length / wallMs) * 1000 };
}

/** One line: `<label> n=… mean … p50 … p95 … max … throughput …`. */
export function reportLine(summary: Summary, labelWidth = 28): string {
  const { label, n, mean, p50, p95, max, throughput } = summary;
  return (
    `${label.padEnd(labelWidth)} n=${String(n).padStart(4)}  mean ${mean.toFixed(1)} ms  p50 ${p50.toFixed(1)} ms  ` +
    `p95 ${p95.toFixed(1)} ms  max ${max.toFixed(1)} ms  throughput ${throughput.toFixed(1)} req/s`
  );
}

/** A Markdown table of the items (label, n, p50, p95, max in ms, failed requests), for the console and the README. */
export function reportTable(summaries: readonly Summary[]): string {
  const width = Math.max(5, ...summaries.map((s) => s.label.length));
  const row = (cells: string[]) =>
    `| ${cells[0]!.padEnd(width)} | ${cells
      .slice(1)
      .map((c) => c.padStart(8))
      .join(' | ')} |`;
  const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));
  return [
    row(['label', 'n', 'p50 ms', 'p95 ms', 'max ms', 'failed']),
    `|${'-'.repeat(width + 2)}|${Array.from({ length: 5 }, () => '---------:').join('|')}|`,
    ...summaries.map((s) => row([s.label, String(s.n), ms(s.p50), ms(s.p95), ms(s.max), String(s.errors ?? 0)])),
  ].join('\n');
}

/** The kernel's clock ticks a second (the unit of CPU times in /proc), 100 on Linux unless `getconf CLK_TCK` says otherwise. */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) process `pid` has used so far, from /proc (Linux); undefined when it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after it are space-separated.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
  } catch {
    return undefined;
  }
}

/** The PIDs of every PostgreSQL server process on this machine (the postmaster and its backends). */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Measures the CPU the named processes (and, on this machine, PostgreSQL's server processes
 * together) use between `start()` and `perRequest(n)`, which answers e.g. "gateway 4.1, police
 * 5.2, postgres 1.3 ms a request". A backend that exits meanwhile drops out of PostgreSQL's figure;
 * one that starts counts whole, so that figure is approximate.
 */
export function cpuMeter(processes: Record<string, number>): { start(): void; perRequest(n: number): string } {
  let before: Record<string, number> = {};
  const now = () => {
    const used: Record<string, number> = {};
    for (const [name, pid] of Object.entries(processes)) used[name] = processCpuMs(pid) ?? Number.NaN;
    used.postgres = postgresPids().reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
    return used;
  };
  return {
    start: () => {
      before = now();
    },
    perRequest: (n) => {
      const after = now();
      return Object.entries(after)
        .map(([name, ms]) => `${name} ${((ms - (before[name] ?? 0)) / Math.max(1, n)).toFixed(1)}`)
        .join(', ')
        .concat(' ms a request');
    },
  };
}
