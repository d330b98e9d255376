import { ALL_VALUES, VARIABLE_PATTERN, type DashboardVariable, type Widget } from '../../../../../common/dashboards.ts';

/** URL parameters `var.<name>=<value>` hold the variables' values, so a view can be shared. */
export const VARIABLE_PARAMETER = 'var.';

/** The values chosen in the URL for the dashboard's variables; one not in the URL is left to its default. */
export function variableValues(params: URLSearchParams, variables: readonly DashboardVariable[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of variables) {
    const value = params.get(`${VARIABLE_PARAMETER}${variable.name}`);
    if (value !== null) values[variable.name] = value;
  }
  return values;
}

/** The value a variable has now: chosen, else its default, else all. */
export function currentValue(variable: DashboardVariable, values: Record<string, string>): string {
  return values[variable.name] ?? variable.default ?? ALL_VALUES;
}

/** Widgets whose tag filter names the variable. */
export function widgetsUsing(widgets: readonly Widget[], name: string): Widget[] {
  return widgets.filter((widget) => Object.values(widget.query.tags).some((value) => VARIABLE_PATTERN.exec(value)?.[1] === name));
}
