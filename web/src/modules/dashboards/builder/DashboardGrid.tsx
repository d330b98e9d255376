import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import {
  GRID_COLUMNS,
  cellAt,
  gridMetrics,
  layoutRows,
  moveItem,
  nudgeItem,
  rectToPixels,
  resizeItem,
  sameLayout,
  sortByPosition,
  spanAt,
  type GridMetrics,
  type GridRect,
  type LayoutItem,
} from '../../../../../common/dashboard-layout.ts';
import type { Widget } from '../../../../../common/dashboards.ts';
import { Icon, cx } from '../../../lib/ui/index.ts';
import { useWideScreen } from './useWideScreen.ts';

/** Grid row height and gap in pixels; a widget `h` rows tall is h × ROW + (h − 1) × GAP high. */
export const ROW_PX = 40;
export const GAP_PX = 16;

/** What a widget's frame spreads on its parts so the grid can move it; null when the layout is read-only. */
export interface WidgetControls {
  /** On the header: pressing and dragging it moves the widget. */
  dragHandle: {
    className: string;
    onPointerDown: (event: PointerEvent<HTMLElement>) => void;
    onPointerMove: (event: PointerEvent<HTMLElement>) => void;
    onPointerUp: (event: PointerEvent<HTMLElement>) => void;
    onPointerCancel: (event: PointerEvent<HTMLElement>) => void;
  } | null;
  /** On the focusable frame: arrow keys move it, Shift with arrow keys resizes it. */
  keyboard: {
    tabIndex: 0;
    'aria-describedby': string;
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  } | null;
  dragging: boolean;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Gesture {
  id: string;
  mode: 'move' | 'resize';
  pointerId: number;
  startX: number;
  startY: number;
  origin: Box;
  metrics: GridMetrics;
  containerWidth: number;
  start: LayoutItem[];
  box: Box;
  preview: LayoutItem[];
}

const ARROW_STEPS: Record<string, { dx: number; dy: number }> = {
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowRight: { dx: 1, dy: 0 },
  ArrowUp: { dx: 0, dy: -1 },
  ArrowDown: { dx: 0, dy: 1 },
};

/** The grid's empty cells drawn while editing: a muted fill with the page's background painted over the gaps. */
const CELL_GUIDES: CSSProperties = {
  backgroundImage: [
    `linear-gradient(to right, transparent calc(100% - ${GAP_PX}px), var(--bg) 0)`,
    `linear-gradient(to bottom, transparent ${ROW_PX}px, var(--bg) 0)`,
    'linear-gradient(var(--surface-muted), var(--surface-muted))',
  ].join(', '),
  backgroundSize: `calc((100% + ${GAP_PX}px) / ${GRID_COLUMNS}) 100%, 100% ${ROW_PX + GAP_PX}px, 100% 100%`,
};

/** Rows in pixels, gaps between them included. */
export function rowsHeightPx(rows: number): number {
  return rows * ROW_PX + Math.max(0, rows - 1) * GAP_PX;
}

/** A cell's box as CSS: columns as shares of the container, so the grid follows its width without measuring it. */
function cellStyle(rect: GridRect): CSSProperties {
  return {
    '--left': `calc((100% + ${GAP_PX}px) * ${rect.x} / ${GRID_COLUMNS})`,
    '--width': `calc((100% + ${GAP_PX}px) * ${rect.w} / ${GRID_COLUMNS} - ${GAP_PX}px)`,
    '--top': `${rect.y * (ROW_PX + GAP_PX)}px`,
    '--height': `${rowsHeightPx(rect.h)}px`,
  } as CSSProperties;
}

function boxStyle(box: Box): CSSProperties {
  return { '--left': `${box.left}px`, '--width': `${box.width}px`, '--top': `${box.top}px`, '--height': `${box.height}px` } as CSSProperties;
}

function describePlace(title: string, rect: GridRect): string {
  return `${title}: column ${rect.x + 1}, row ${rect.y + 1}, ${rect.w} columns wide, ${rect.h} rows tall.`;
}

interface DashboardGridProps {
  widgets: readonly Widget[];
  /** Called with the whole new layout after a drop or a key press; null keeps the layout read-only. */
  onLayoutChange: ((layout: LayoutItem[]) => void) | null;
  renderWidget: (widget: Widget, controls: WidgetControls | null) => ReactNode;
  titleOf: (widget: Widget) => string;
}

/**
 * Widgets on the 12-column grid. While editing on a wide screen, a widget follows the pointer by
 * its header and resizes by its corner, a dashed placeholder shows where it will land (others make
 * room and float up as they would on drop), and arrow keys do the same from the keyboard. Below
 * the `md` breakpoint widgets stack in one column in reading order and do not move.
 */
export function DashboardGrid({ widgets, onLayoutChange, renderWidget, titleOf }: DashboardGridProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const instructionsId = useId();
  const wide = useWideScreen();
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusTarget, setFocusTarget] = useState<{ id: string } | null>(null);
  const editable = onLayoutChange !== null && wide;
  const layout: LayoutItem[] = widgets.map((widget) => ({ id: widget.id, ...widget.position }));
  const byId = new Map(widgets.map((widget) => [widget.id, widget]));
  const shown = gesture?.preview ?? layout;
  const landing = gesture ? shown.find((item) => item.id === gesture.id) : undefined;
  const heightPx = Math.max(rowsHeightPx(layoutRows(shown)), gesture ? gesture.box.top + gesture.box.height : 0);

  useEffect(() => {
    if (!gesture) return;
    const cancel = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') setGesture(null);
    };
    window.addEventListener('keydown', cancel);
    return () => window.removeEventListener('keydown', cancel);
  }, [gesture]);

  // Reordering the grid's children after a key press can take focus from the widget that moved.
  useLayoutEffect(() => {
    if (!focusTarget) return;
    const frame = containerRef.current?.querySelector<HTMLElement>(`[data-widget-id="${CSS.escape(focusTarget.id)}"] [tabindex="0"]`);
    if (frame && document.activeElement !== frame) frame.focus();
  }, [focusTarget]);

  const commit = (next: LayoutItem[], id: string) => {
    if (!onLayoutChange || sameLayout(next, layout)) return;
    onLayoutChange(next);
    const widget = byId.get(id);
    const place = next.find((item) => item.id === id);
    if (widget && place) setAnnouncement(describePlace(titleOf(widget), place));
  };

  const begin = (id: string, mode: Gesture['mode'], event: PointerEvent<HTMLElement>) => {
    const container = event.currentTarget.closest('[data-dashboard-grid]');
    const item = layout.find((entry) => entry.id === id);
    if (!editable || !container || !item || gesture) return;
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    // React bubbles events from portals (the widget menu) through the header; only presses on the header itself drag.
    if (!(event.target instanceof Element) || !event.currentTarget.contains(event.target)) return;
    if (mode === 'move' && event.target.closest('button, a, input, select')) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const containerWidth = container.getBoundingClientRect().width;
    const metrics = gridMetrics(containerWidth, ROW_PX, GAP_PX);
    const origin = rectToPixels(item, metrics);
    setGesture({ id, mode, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, origin, metrics, containerWidth, start: layout, box: origin, preview: layout });
  };

  const follow = (event: PointerEvent<HTMLElement>) => {
    if (gesture?.pointerId !== event.pointerId) return;
    const { origin, metrics, containerWidth, start, id } = gesture;
    const item = start.find((entry) => entry.id === id)!;
    const dx = event.clientX - gesture.startX;
    const dy = event.clientY - gesture.startY;
    if (gesture.mode === 'move') {
      const box = { ...origin, left: Math.min(containerWidth - origin.width, Math.max(0, origin.left + dx)), top: Math.max(0, origin.top + dy) };
      setGesture({ ...gesture, box, preview: moveItem(start, id, cellAt(box, item.w, metrics)) });
    } else {
      const box = { ...origin, width: Math.min(containerWidth - origin.left, Math.max(metrics.columnPx, origin.width + dx)), height: Math.max(ROW_PX, origin.height + dy) };
      setGesture({ ...gesture, box, preview: resizeItem(start, id, spanAt(box, item.x, metrics)) });
    }
  };

  const finish = (event: PointerEvent<HTMLElement>) => {
    if (gesture?.pointerId !== event.pointerId) return;
    setGesture(null);
    commit(gesture.preview, gesture.id);
  };

  const abandon = (event: PointerEvent<HTMLElement>) => {
    if (gesture?.pointerId === event.pointerId) setGesture(null);
  };

  const onKey = (id: string, event: KeyboardEvent<HTMLElement>) => {
    const step = ARROW_STEPS[event.key];
    const item = layout.find((entry) => entry.id === id);
    if (!step || !item || event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const next = event.shiftKey ? resizeItem(layout, id, { w: item.w + step.dx, h: item.h + step.dy }) : nudgeItem(layout, id, step);
    setFocusTarget({ id });
    commit(next, id);
  };

  const controlsOf = (id: string): WidgetControls | null =>
    editable
      ? {
          dragHandle: { className: 'cursor-grab touch-none select-none active:cursor-grabbing', onPointerDown: (event) => begin(id, 'move', event), onPointerMove: follow, onPointerUp: finish, onPointerCancel: abandon },
          keyboard: { tabIndex: 0, 'aria-describedby': instructionsId, onKeyDown: (event) => onKey(id, event) },
          dragging: gesture?.id === id,
        }
      : null;

  return (
    <div
      ref={containerRef}
      data-dashboard-grid=""
      className={cx('flex flex-col gap-4 md:relative md:block md:h-(--grid-height)', gesture && 'select-none')}
      style={{ '--grid-height': `${heightPx}px`, ...(editable ? CELL_GUIDES : {}) } as CSSProperties}
    >
      {editable ? (
        <p id={instructionsId} className="sr-only">
          Drag the header to move; arrow keys move the widget, Shift with arrow keys resizes it.
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {landing ? <div aria-hidden="true" className="absolute left-(--left) top-(--top) h-(--height) w-(--width) rounded-xl border-2 border-dashed border-accent bg-accent-soft/70" style={cellStyle(landing)} /> : null}
      {sortByPosition(layout).map((item) => {
        const widget = byId.get(item.id);
        if (!widget) return null;
        const dragged = gesture?.id === item.id;
        const place = shown.find((entry) => entry.id === item.id) ?? item;
        return (
          <div
            key={item.id}
            data-widget-id={item.id}
            className={cx(
              'relative h-(--height) min-w-0 md:absolute md:left-(--left) md:top-(--top) md:w-(--width)',
              dragged ? 'z-20 opacity-90 shadow-2xl' : 'md:transition-[left,top,width,height] md:duration-150 motion-reduce:transition-none',
            )}
            style={dragged ? boxStyle(gesture.box) : cellStyle(place)}
          >
            {renderWidget(widget, controlsOf(item.id))}
            {editable ? (
              <div
                aria-hidden="true"
                title="Drag to resize"
                data-resize-handle=""
                className="absolute right-0 bottom-0 z-10 grid size-6 cursor-se-resize touch-none place-items-center rounded-br-xl text-muted hover:text-accent"
                onPointerDown={(event) => begin(item.id, 'resize', event)}
                onPointerMove={follow}
                onPointerUp={finish}
                onPointerCancel={abandon}
              >
                <Icon name="resize" className="size-3.5" />
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
