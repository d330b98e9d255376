import { firstFreePlace, insertItem, removeItem, type LayoutItem } from '../../../../../common/dashboard-layout.ts';
import type { DashboardConfig, Widget, WidgetKind } from '../../../../../common/dashboards.ts';

/** JSON with object keys sorted, so configs compare equal whatever order their keys were stored in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === 'object' && !Array.isArray(entry) ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : entry,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** Whether the server holds this widget with this very query, so it can answer the widget's data itself. */
export function isSavedQuery(widget: Widget, saved: readonly Widget[]): boolean {
  const stored = saved.find((entry) => entry.id === widget.id);
  return stored !== undefined && sameValue(stored.query, widget.query);
}

export function widgetTitle(widget: Widget): string {
  return widget.title || `${widget.query.agg} of ${widget.query.field}`;
}

const NUMBER_KINDS = new Set<WidgetKind>(['stat', 'gauge']);

/** The size a new widget starts at: a number is short, a chart or table half the grid wide. */
export function defaultSize(kind: WidgetKind): { w: number; h: number } {
  return NUMBER_KINDS.has(kind) ? { w: 3, h: 3 } : { w: 6, h: 6 };
}

export function layoutOf(config: DashboardConfig): LayoutItem[] {
  return config.widgets.map((widget) => ({ id: widget.id, ...widget.position }));
}

/** The config with every widget at its place in `layout`. */
export function withLayout(config: DashboardConfig, layout: readonly LayoutItem[]): DashboardConfig {
  const places = new Map(layout.map((item) => [item.id, item]));
  return {
    ...config,
    widgets: config.widgets.map((widget) => {
      const place = places.get(widget.id);
      return place ? { ...widget, position: { x: place.x, y: place.y, w: place.w, h: place.h } } : widget;
    }),
  };
}

/** The config with `widget` in it: a new one at the first free place its size fits, an edited one where it was. */
export function putWidget(config: DashboardConfig, widget: Widget): DashboardConfig {
  if (config.widgets.some((entry) => entry.id === widget.id)) {
    return { ...config, widgets: config.widgets.map((entry) => (entry.id === widget.id ? widget : entry)) };
  }
  const place = firstFreePlace(layoutOf(config), widget.position);
  return { ...config, widgets: [...config.widgets, { ...widget, position: place }] };
}

/** The config with a copy of a widget right under it, pushing what is there down. */
export function duplicateWidget(config: DashboardConfig, id: string, copyId: string): DashboardConfig {
  const original = config.widgets.find((widget) => widget.id === id);
  if (!original) return config;
  const { x, y, w, h } = original.position;
  const copy: Widget = { ...original, id: copyId, title: original.title ? `${original.title} (copy)`.slice(0, 120) : '' };
  const layout = insertItem(layoutOf(config), { id: copyId, x, y: y + h, w, h });
  return withLayout({ ...config, widgets: [...config.widgets, copy] }, layout);
}

export function removeWidget(config: DashboardConfig, id: string): DashboardConfig {
  const layout = removeItem(layoutOf(config), id);
  return withLayout({ ...config, widgets: config.widgets.filter((widget) => widget.id !== id) }, layout);
}
