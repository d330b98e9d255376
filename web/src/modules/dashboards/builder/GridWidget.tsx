import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMemo, useRef } from 'react';
import { resolveTags, type DashboardVariable, type Widget } from '../../../../../common/dashboards.ts';
import { menuContent, menuItem } from '../../../app/menuStyles.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Icon, Spinner, cx } from '../../../lib/ui/index.ts';
import { useElementWidth } from '../explorer/useElementWidth.ts';
import { useSavedWidgetData, useStreamAnswer, type BoardSource, type ViewRange } from '../boards/api.ts';
import { WidgetContent, widgetPoints } from '../charts/WidgetContent.tsx';
import { rowsHeightPx, type WidgetControls } from './DashboardGrid.tsx';
import { widgetTitle } from './draft.ts';

/** The frame's header and body padding, taken off the cell's height to size the content. */
export const WIDGET_HEADER_PX = 44;
export const WIDGET_PADDING_PX = 8;

export interface WidgetActions {
  onEdit: () => void;
  onDuplicate: (() => void) | null;
  onRemove: () => void;
}

interface GridWidgetProps {
  /** Where a saved widget reads its data: the dashboard, or its public link. */
  source: BoardSource;
  widget: Widget;
  /**
   * The server holds the widget with this query: its data comes from the source, else from the stream.
   * Always true through a public link, which reaches only the saved dashboard.
   */
  saved: boolean;
  range: ViewRange;
  variables: readonly DashboardVariable[];
  values: Record<string, string>;
  refreshSeconds: number;
  controls: WidgetControls | null;
  /** The edit-mode menu; null outside edit mode. */
  actions: WidgetActions | null;
}

/** One widget in its cell: a header to drag it by while editing, and its content drawn from its own data. */
export function GridWidget({ source, widget, saved, range, variables, values, refreshSeconds, controls, actions }: GridWidgetProps) {
  const body = useRef<HTMLDivElement>(null);
  const width = useElementWidth(body);
  const points = widgetPoints(widget.kind, width);
  const tags = useMemo(() => resolveTags(widget.query.tags, variables, values), [widget.query.tags, variables, values]);
  const stored = useSavedWidgetData(source, widget.id, range, values, points, refreshSeconds, saved);
  const unsaved = useStreamAnswer(source, `unsaved:${widget.id}`, widget.query, tags, range, points, { refreshSeconds, enabled: !saved });
  const data = saved ? stored : unsaved;
  const title = widgetTitle(widget);
  const { className: handleClass, ...handleEvents } = controls?.dragHandle ?? { className: '' };
  return (
    <section
      aria-label={title}
      className={cx(
        'flex h-full min-w-0 flex-col overflow-hidden rounded-xl border bg-surface shadow-card',
        controls?.dragging ? 'border-accent' : 'border-border',
        controls && 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
      )}
      {...controls?.keyboard}
    >
      <header className={cx('flex h-11 shrink-0 items-center gap-2 px-4', actions && 'pr-2', handleClass)} {...handleEvents}>
        {controls?.dragHandle ? <Icon name="grip" className="-ml-1 size-4 shrink-0 text-muted" /> : null}
        <h2 className="min-w-0 truncate text-sm font-semibold">{title}</h2>
        <span className="ml-auto flex shrink-0 items-center gap-1">
          {data.isFetching ? <Spinner /> : null}
          {actions ? <WidgetMenu title={title} actions={actions} /> : null}
        </span>
      </header>
      <div ref={body} className="min-h-0 flex-1 px-2 pb-2">
        {data.isError ? (
          <div className="p-2">
            <Alert tone="danger">{errorMessage(data.error)}</Alert>
          </div>
        ) : !data.data ? (
          <div className="grid h-full place-items-center">
            <Spinner label="Loading…" />
          </div>
        ) : (
          <WidgetContent widget={widget} answer={data.data} width={width} height={rowsHeightPx(widget.position.h) - WIDGET_HEADER_PX - WIDGET_PADDING_PX} source={source} />
        )}
      </div>
    </section>
  );
}

function WidgetMenu({ title, actions }: { title: string; actions: WidgetActions }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" aria-label={`Widget menu of ${title}`} className="grid size-8 place-items-center rounded-md text-muted hover:bg-surface-muted hover:text-fg">
          <Icon name="more" />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className={cx(menuContent, 'min-w-40')}>
          <DropdownMenu.Item className={menuItem} onSelect={actions.onEdit}>
            <Icon name="pencil" className="text-muted" /> Edit
          </DropdownMenu.Item>
          <DropdownMenu.Item className={cx(menuItem, 'data-[disabled]:opacity-50')} disabled={!actions.onDuplicate} onSelect={() => actions.onDuplicate?.()}>
            <Icon name="duplicate" className="text-muted" /> Duplicate
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item className={cx(menuItem, 'text-danger data-[highlighted]:text-danger')} onSelect={actions.onRemove}>
            <Icon name="trash" /> Remove
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
