import type { QueryResult } from '../../../../common/dashboards-streams.ts';

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function cell(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A query answer as CSV, one row per bucket or point: time (ISO 8601), the groupBy tag's value when grouped, value. */
export function queryCsv(result: QueryResult, groupBy: string | undefined): string {
  const lines = [[ 'time', ...(groupBy ? [groupBy] : []), result.field ].map(cell).join(',')];
  for (const series of result.series) {
    const group = groupBy ? [cell(series.tags[groupBy] ?? '')] : [];
    series.times.forEach((time, i) => {
      const value = series.values[i];
      lines.push([new Date(time).toISOString(), ...group, value === null || value === undefined ? '' : String(value)].join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}
