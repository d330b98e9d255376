import type { QueryResult, Series } from '../../../../common/dashboards-streams.ts';
import type { Widget } from '../../../../common/dashboards.ts';

export interface ReportWidget {
  widget: Widget;
  /** The widget's data, or why there is none (a deleted stream, say). */
  data: QueryResult | { error: string };
}

export interface ReportContent {
  title: string;
  description: string;
  fromMs: number;
  toMs: number;
  widgets: ReportWidget[];
}

const COLOURS = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed', '#dc2626', '#0d9488'];
const CHART = { left: 48, right: 12, top: 12, bottom: 28 };
/** SVG sizes in the units of a printed page, so text keeps one size in wide and narrow cards. */
const CHART_SIZE = { narrow: { width: 560, height: 220 }, wide: { width: 1120, height: 260 } };

/** Widgets at least two thirds of the grid wide take the whole width of the page. */
const isWide = (widget: Widget) => widget.position.w >= 8;
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
const formatNumber = (value: number) => (Math.abs(value) >= 1000 || Number.isInteger(value) ? Math.round(value).toLocaleString('en') : value.toPrecision(3));
const formatTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const seriesLabel = (series: Series) => Object.entries(series.tags).map(([key, value]) => `${key}=${value}`).join(', ') || 'all';
const lastValue = (series: Series) => [...series.values].reverse().find((v): v is number => v !== null) ?? null;

/** A line, area, bar or scatter chart of the series as inline SVG, scaled to the report's time range. */
function chartSvg(kind: Widget['kind'], series: Series[], fromMs: number, toMs: number, { width, height }: { width: number; height: number }): string {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (values.length === 0) return '<p class="empty">No data in this range.</p>';
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (kind === 'bar' || kind === 'area') min = Math.min(0, min);
  if (min === max) [min, max] = [min - 1, max + 1];
  const plotWidth = width - CHART.left - CHART.right;
  const plotHeight = height - CHART.top - CHART.bottom;
  const x = (t: number) => CHART.left + ((t - fromMs) / Math.max(1, toMs - fromMs)) * plotWidth;
  const y = (v: number) => CHART.top + (1 - (v - min) / (max - min)) * plotHeight;
  const marks = series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.times.flatMap((t, j) => (s.values[j] === null ? [] : [[x(t), y(s.values[j]!)] as const]));
    if (kind === 'scatter') return points.map(([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="2" fill="${colour}"/>`).join('');
    if (kind === 'bar') {
      const width = Math.max(1, (plotWidth / Math.max(1, s.times.length)) * 0.7 / series.length);
      return points.map(([px, py]) => `<rect x="${(px + i * width).toFixed(1)}" y="${py.toFixed(1)}" width="${width.toFixed(1)}" height="${(y(Math.max(min, 0)) - py).toFixed(1)}" fill="${colour}"/>`).join('');
    }
    const line = points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
    const area = kind === 'area' && points.length ? `<polygon points="${points[0]![0].toFixed(1)},${y(min).toFixed(1)} ${line} ${points.at(-1)![0].toFixed(1)},${y(min).toFixed(1)}" fill="${colour}" fill-opacity="0.15"/>` : '';
    return `${area}<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="1.5"/>`;
  });
  const axis = [
    `<line x1="${String(CHART.left)}" y1="${String(CHART.top + plotHeight)}" x2="${String(width - CHART.right)}" y2="${String(CHART.top + plotHeight)}" stroke="#cbd5e1"/>`,
    `<text x="${String(CHART.left - 6)}" y="${String(CHART.top + 10)}" text-anchor="end">${escape(formatNumber(max))}</text>`,
    `<text x="${String(CHART.left - 6)}" y="${String(CHART.top + plotHeight)}" text-anchor="end">${escape(formatNumber(min))}</text>`,
    `<text x="${String(CHART.left)}" y="${String(height - 8)}">${escape(formatTime(fromMs))}</text>`,
    `<text x="${String(width - CHART.right)}" y="${String(height - 8)}" text-anchor="end">${escape(formatTime(toMs))}</text>`,
  ];
  const legend = series.length > 1 ? `<ul class="legend">${series.map((s, i) => `<li><span style="background:${COLOURS[i % COLOURS.length]!}"></span>${escape(seriesLabel(s))}</li>`).join('')}</ul>` : '';
  return `<svg viewBox="0 0 ${String(width)} ${String(height)}" role="img">${axis.join('')}${marks.join('')}</svg>${legend}`;
}

function widgetBody(item: ReportWidget, fromMs: number, toMs: number): string {
  const size = isWide(item.widget) ? CHART_SIZE.wide : CHART_SIZE.narrow;
  if ('error' in item.data) return `<p class="empty">${escape(item.data.error)}</p>`;
  const { series } = item.data;
  const unit = typeof item.widget.options.unit === 'string' ? ` ${item.widget.options.unit}` : '';
  switch (item.widget.kind) {
    case 'stat':
    case 'gauge': {
      const value = series.map(lastValue).find((v) => v !== null) ?? null;
      return `<p class="stat">${value === null ? '–' : escape(formatNumber(value) + unit)}</p>`;
    }
    case 'table':
      return `<table><thead><tr><th>Series</th><th>Last</th><th>Min</th><th>Max</th></tr></thead><tbody>${series
        .map((s) => {
          const known = s.values.filter((v): v is number => v !== null);
          const cell = (v: number | null | undefined) => `<td>${v === null || v === undefined ? '–' : escape(formatNumber(v))}</td>`;
          return `<tr><td>${escape(seriesLabel(s))}</td>${cell(lastValue(s))}${cell(known.length ? Math.min(...known) : null)}${cell(known.length ? Math.max(...known) : null)}</tr>`;
        })
        .join('')}</tbody></table>`;
    case 'bar':
    case 'area':
    case 'scatter':
      return chartSvg(item.widget.kind, series, fromMs, toMs, size);
    case 'line':
    case 'heatmap':
      return chartSvg('line', series, fromMs, toMs, size);
  }
}

/**
 * The whole report as one self-contained HTML page (inline SVG charts, no scripts, no network),
 * widgets in their dashboard order (top to bottom, left to right), for Chromium to print.
 */
export function reportHtml(content: ReportContent): string {
  const ordered = [...content.widgets].sort((a, b) => a.widget.position.y - b.widget.position.y || a.widget.position.x - b.widget.position.x);
  const cards = ordered
    .map((item) => `<section class="card ${isWide(item.widget) ? 'wide' : ''}"><h2>${escape(item.widget.title || item.widget.query.field)}</h2>${widgetBody(item, content.fromMs, content.toMs)}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(content.title)}</title><style>
    body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;margin:24px}
    header{border-bottom:1px solid #e2e8f0;margin-bottom:16px;padding-bottom:8px}
    h1{font-size:20px;margin:0}.meta{color:#64748b;margin:4px 0 0}
    .grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
    .card{border:1px solid #e2e8f0;border-radius:8px;padding:12px;break-inside:avoid}.card.wide{grid-column:span 2}
    h2{font-size:14px;margin:0 0 8px}svg{width:100%;height:auto}svg text{font-size:10px;fill:#64748b}
    .stat{font-size:36px;font-weight:600;margin:8px 0}.empty{color:#64748b}
    table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f5f9}
    .legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:10px;color:#475569}
    .legend span{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
  </style></head><body><header><h1>${escape(content.title)}</h1><p class="meta">${escape(formatTime(content.fromMs))} – ${escape(formatTime(content.toMs))} UTC${
    content.description ? ` · ${escape(content.description)}` : ''
  }</p></header><main class="grid">${cards || '<p class="empty">This dashboard has no widgets yet.</p>'}</main></body></html>`;
}
