// What the benchmarks share: the machine line, percentiles, one printed line per measured item,
// and the help questions they ask. `npm run bench` and `npm run bench:scale` print with these.
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
