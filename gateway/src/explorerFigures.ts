// The explorer's figures, the parts with no page in them: finding statistics answers in a
// GraphQL result, the CSV an analyst downloads, and the geometry of the chart drawn from them
// (gateway/explorer/ draws it as SVG). Pure functions, tested in explorerFigures.test.ts.

/** One group of a statistics answer, as the API gives it (StatisticsCell). */
export interface FigureCell {
  key: string;
  label: string;
  count: number | null;
  suppressed: boolean;
  medianDays?: number | null;
  p90Days?: number | null;
}

/** A statistics answer (CrimeStatistics, SupportStatistics, ...) as far as the explorer needs it. */
export interface StatisticsAnswer {
  definition: string;
  period: { from: string; to: string };
  lastUpdated?: string | null;
  disclosure: { threshold?: number; roundingBase?: number; minimumForTimes?: number; description: string };
  cells: FigureCell[];
  total?: FigureCell | null;
}

/** A statistics answer found in a result, and where: `data.crimeStatistics`. */
export interface FoundAnswer {
  path: string;
  answer: StatisticsAnswer;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isCell(value: unknown): value is FigureCell {
  return isObject(value) && typeof value.key === 'string' && typeof value.label === 'string' && (value.count === null || typeof value.count === 'number') && typeof value.suppressed === 'boolean';
}

/** Whether a value has the shape of a statistics answer: cells, definition, period and disclosure. */
export function isStatisticsAnswer(value: unknown): value is StatisticsAnswer {
  return (
    isObject(value) &&
    Array.isArray(value.cells) &&
    value.cells.every(isCell) &&
    typeof value.definition === 'string' &&
    isObject(value.period) &&
    typeof value.period.from === 'string' &&
    typeof value.period.to === 'string' &&
    isObject(value.disclosure) &&
    typeof value.disclosure.description === 'string' &&
    (value.total === undefined || value.total === null || isCell(value.total))
  );
}

/** How deep and how wide the search looks: a result is at most this much walked. */
const searchLimits = { depth: 8, nodes: 10_000 };

/** Every statistics answer in a GraphQL result (its `data`, or anything), in the order they appear. */
export function findStatistics(result: unknown): FoundAnswer[] {
  const found: FoundAnswer[] = [];
  let visited = 0;
  const walk = (value: unknown, at: string, depth: number): void => {
    if (depth > searchLimits.depth || ++visited > searchLimits.nodes) return;
    if (isStatisticsAnswer(value)) {
      found.push({ path: at, answer: value });
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${at}[${index}]`, depth + 1));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) walk(item, at === '' ? key : `${at}.${key}`, depth + 1);
  };
  walk(result, '', 0);
  return found;
}

const monthKey = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A line for months (every key `YYYY-MM`), bars for anything else. */
export function chartKind(cells: readonly FigureCell[]): 'line' | 'bar' {
  return cells.length > 0 && cells.every((cell) => monthKey.test(cell.key)) ? 'line' : 'bar';
}

// ---------------------------------------------------------------------------------------------
// CSV

/** A cell a spreadsheet would run as a formula starts with one of these; such text gets a leading `'`. */
const formulaStart = /^[=+\-@\t\r]/;

/** One CSV field: text that could be a formula is defused; a field with a comma, quote or line break is quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvRow = (fields: (string | number | boolean | null | undefined)[]) => fields.map(csvField).join(',');

/** The CSV columns after the header lines. */
export const csvColumns = ['key', 'label', 'count', 'suppressed', 'median_days', 'p90_days'];

/**
 * The figure as CSV (RFC 4180, CRLF): first `#` lines giving the definition, the period, when the
 * data was last updated and the disclosure rule, then a header row and one row per cell, then the
 * total. A withheld count is an empty field with `suppressed` true, never a 0.
 */
export function statisticsCsv(answer: StatisticsAnswer, title?: string): string {
  const lines = [
    ...(title ? [csvRow([`# ${title}`])] : []),
    csvRow([`# Definition: ${answer.definition}`]),
    csvRow([`# Period: from ${answer.period.from} until ${answer.period.to} (not included)`]),
    csvRow([`# Last updated: ${answer.lastUpdated ?? 'no data in the period'}`]),
    csvRow([`# Disclosure: ${answer.disclosure.description}`]),
    csvRow(csvColumns),
    ...answer.cells.map((cell) => csvRow([cell.key, cell.label, cell.count, cell.suppressed, cell.medianDays, cell.p90Days])),
    ...(answer.total ? [csvRow([answer.total.key, answer.total.label, answer.total.count, answer.total.suppressed, answer.total.medianDays, answer.total.p90Days])] : []),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name for the figure: `crimeStatistics-2025-12-01.csv` from its path and period. */
export function csvFileName(path: string, answer: StatisticsAnswer): string {
  const base = path.replace(/^data\./, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'statistics';
  return `${base}-${answer.period.from.slice(0, 10)}.csv`;
}

// ---------------------------------------------------------------------------------------------
// Chart geometry

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axis labels: left, bottom. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export const defaultBox: ChartBox = { width: 640, height: 280, left: 48, bottom: 64, top: 12, right: 12 };

export interface ChartMark {
  key: string;
  label: string;
  count: number | null;
  /** Withheld: drawn as a marker on the axis, never as a bar or point at zero. */
  withheld: boolean;
  /** The centre of the group on the x axis. */
  x: number;
  /** The top of the bar / the point; the baseline for a withheld cell. */
  y: number;
  /** Bars only: the bar's width and height (0 for a withheld cell). */
  width: number;
  height: number;
}

export interface Chart {
  kind: 'line' | 'bar';
  box: ChartBox;
  /** The largest value on the y axis. */
  max: number;
  ticks: { value: number; y: number }[];
  marks: ChartMark[];
  /** Line charts: the line, broken where a month is withheld (one SVG path per run of shown months). */
  paths: string[];
  baseline: number;
}

/** A round top for the y axis: 1, 2, 5 or 10 times a power of ten, at least `value`. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 5;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Where every mark goes for these cells in this box: bars for categories, a line for months. */
export function chartGeometry(cells: readonly FigureCell[], box: ChartBox = defaultBox): Chart {
  const kind = chartKind(cells);
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  const max = niceMax(Math.max(0, ...cells.map((cell) => (cell.suppressed || cell.count === null ? 0 : cell.count))));
  const yOf = (value: number) => baseline - (value / max) * plotHeight;
  const slot = cells.length > 0 ? plotWidth / cells.length : plotWidth;
  const marks: ChartMark[] = cells.map((cell, index) => {
    const withheld = cell.suppressed || cell.count === null;
    const x = box.left + slot * (index + 0.5);
    const y = withheld ? baseline : yOf(cell.count!);
    const width = kind === 'bar' && !withheld ? Math.max(1, slot * 0.7) : 0;
    return { key: cell.key, label: cell.label, count: withheld ? null : cell.count, withheld, x, y, width, height: kind === 'bar' && !withheld ? baseline - y : 0 };
  });
  const paths: string[] = [];
  if (kind === 'line') {
    let run: ChartMark[] = [];
    const flush = () => {
      if (run.length > 0) paths.push(run.map((mark, index) => `${index === 0 ? 'M' : 'L'}${round(mark.x)},${round(mark.y)}`).join(' '));
      run = [];
    };
    for (const mark of marks) {
      if (mark.withheld) flush();
      else run.push(mark);
    }
    flush();
  }
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => ({ value: Math.round(max * share * 100) / 100, y: yOf(max * share) }));
  return { kind, box, max, ticks, marks, paths, baseline };
}

const round = (value: number) => Math.round(value * 100) / 100;
