// The Figures plugin: every statistics answer in the last result, as a table, a chart (bars for
// categories, a line for months; withheld groups marked, never drawn as zero) and a CSV download.
import { useEffect, useSyncExternalStore } from 'react';
import { usePluginStore, type GraphiQLPlugin } from '@graphiql/react';
import { chartGeometry, csvFileName, findStatistics, statisticsCsv, type FoundAnswer } from '../src/explorerFigures.ts';

// The last result the explorer's fetcher received, for the plugin to read.
let lastResult: { operationName: string | null; result: unknown } | null = null;
const listeners = new Set<() => void>();

export function recordResult(operationName: string | null, result: unknown): void {
  lastResult = { operationName, result };
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const useLastResult = () => useSyncExternalStore(subscribe, () => lastResult);

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const numberFormat = new Intl.NumberFormat('en-GB');
const show = (value: number | null | undefined) => (value === null || value === undefined ? '' : numberFormat.format(value));

function Chart({ found }: { found: FoundAnswer }) {
  const chart = chartGeometry(found.answer.cells);
  const { box } = chart;
  const labelEvery = Math.max(1, Math.ceil(found.answer.cells.length / 24));
  return (
    <svg className="bch-chart" data-kind={chart.kind} viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={`${chart.kind === 'line' ? 'Line' : 'Bar'} chart: ${found.answer.definition}`}>
      {chart.ticks.map((tick) => (
        <g key={tick.value} className="bch-tick">
          <line x1={box.left} x2={box.width - box.right} y1={tick.y} y2={tick.y} />
          <text x={box.left - 6} y={tick.y + 4} textAnchor="end">
            {show(tick.value)}
          </text>
        </g>
      ))}
      {chart.paths.map((d) => (
        <path key={d} className="bch-line" d={d} />
      ))}
      {chart.marks.map((mark, index) => (
        <g key={mark.key}>
          {mark.withheld ? (
            <g className="bch-withheld">
              <title>{`${mark.label}: withheld (fewer than ${found.answer.disclosure.threshold ?? 'the threshold'})`}</title>
              <text x={mark.x} y={chart.baseline - 4} textAnchor="middle">
                ×
              </text>
            </g>
          ) : chart.kind === 'bar' ? (
            <rect className="bch-bar" x={mark.x - mark.width / 2} y={mark.y} width={mark.width} height={mark.height}>
              <title>{`${mark.label}: ${show(mark.count)}`}</title>
            </rect>
          ) : (
            <circle className="bch-point" cx={mark.x} cy={mark.y} r={3}>
              <title>{`${mark.label}: ${show(mark.count)}`}</title>
            </circle>
          )}
          {index % labelEvery === 0 ? (
            <text className="bch-axis-label" x={mark.x} y={chart.baseline + 12} textAnchor="end" transform={`rotate(-40 ${mark.x} ${chart.baseline + 12})`}>
              {(chart.kind === 'line' ? mark.key : mark.label).slice(0, 18)}
            </text>
          ) : null}
        </g>
      ))}
      <line className="bch-axis" x1={box.left} x2={box.width - box.right} y1={chart.baseline} y2={chart.baseline} />
    </svg>
  );
}

function Figure({ found, operationName }: { found: FoundAnswer; operationName: string | null }) {
  const { answer } = found;
  const title = operationName ?? found.path;
  return (
    <section className="bch-figure" data-path={found.path}>
      <h3>{found.path.replace(/^data\./, '')}</h3>
      <p className="bch-definition">{answer.definition}</p>
      <p className="bch-meta">
        {answer.period.from.slice(0, 10)} to {answer.period.to.slice(0, 10)} (not included) · last updated {answer.lastUpdated ? answer.lastUpdated.slice(0, 16).replace('T', ' ') : 'never: no data'}
      </p>
      <Chart found={found} />
      <p className="bch-disclosure">{answer.disclosure.description}</p>
      <button type="button" className="bch-button bch-download" onClick={() => download(csvFileName(found.path, answer), statisticsCsv(answer, title))}>
        Download CSV
      </button>
      <table className="bch-table">
        <thead>
          <tr>
            <th>Group</th>
            <th>Count</th>
            <th>Median days</th>
            <th>90th percentile days</th>
          </tr>
        </thead>
        <tbody>
          {answer.cells.map((cell) => (
            <tr key={cell.key} className={cell.suppressed ? 'bch-suppressed' : undefined}>
              <td title={cell.key}>{cell.label}</td>
              <td>{cell.suppressed ? 'withheld' : show(cell.count)}</td>
              <td>{show(cell.medianDays)}</td>
              <td>{show(cell.p90Days)}</td>
            </tr>
          ))}
        </tbody>
        {answer.total ? (
          <tfoot>
            <tr>
              <th>{answer.total.label}</th>
              <th>{answer.total.suppressed ? 'withheld' : show(answer.total.count)}</th>
              <th>{show(answer.total.medianDays)}</th>
              <th>{show(answer.total.p90Days)}</th>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </section>
  );
}

function FiguresContent() {
  const last = useLastResult();
  const found = last ? findStatistics(last.result) : [];
  return (
    <div className="bch-plugin bch-figures">
      <div className="graphiql-doc-explorer-title">Figures</div>
      {found.length === 0 ? (
        <p>Run a statistics query (the saved operations in the analyst folder) and its figures appear here as a table and a chart, ready to download as CSV.</p>
      ) : (
        found.map((item) => <Figure key={item.path} found={item} operationName={last?.operationName ?? null} />)
      )}
    </div>
  );
}

function FiguresIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3" />
    </svg>
  );
}

export const figuresPlugin: GraphiQLPlugin = { title: 'Figures', icon: FiguresIcon, content: FiguresContent };

/** Opens the Figures plugin whenever a result holds a statistics answer. Rendered inside GraphiQL. */
export function ShowFiguresWhenThere() {
  const last = useLastResult();
  const visible = usePluginStore((state) => state.visiblePlugin);
  useEffect(() => {
    if (!last || visible === figuresPlugin || findStatistics(last.result).length === 0) return;
    // GraphiQL's own sidebar button: it both selects the plugin and opens its pane.
    document.querySelector<HTMLButtonElement>(`.graphiql-sidebar button[aria-label="Show ${figuresPlugin.title}"]`)?.click();
    // Only when a new result arrives, not whenever the analyst closes the pane.
  }, [last]);
  return null;
}
