import { REFRESH_SECONDS, type DashboardConfig, type DashboardVariable } from '../../../../../common/dashboards.ts';
import { Button, Select } from '../../../lib/ui/index.ts';
import type { BoardSource } from '../boards/api.ts';
import { TIME_RANGES } from '../explorer/explorer-query.ts';
import { formatInterval } from '../explorer/format.ts';
import { SAVED_RANGE, type DashboardView } from './useDashboardView.ts';
import { VariableCombobox } from './VariableCombobox.tsx';

function refreshLabel(seconds: number): string {
  return seconds === 0 ? 'Off' : `Every ${formatInterval(seconds * 1000)}`;
}

interface ViewControlsProps {
  view: DashboardView;
  saved: DashboardConfig;
  variables: readonly DashboardVariable[];
  /** Where the variables' dropdowns ask for their values. */
  source: BoardSource;
  /** Asks every widget for its data again. */
  onRefresh: () => void;
}

/** Above a dashboard's grid: its time range, auto-refresh, a refresh now, and a dropdown per variable. */
export function ViewControls({ view, saved, variables, source, onRefresh }: ViewControlsProps) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <Select label="Time range" value={view.rangeId} onChange={(event) => view.setRange(event.target.value)} containerClassName="w-full sm:w-48">
        {TIME_RANGES.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.title}
          </option>
        ))}
        <option value={SAVED_RANGE}>
          Saved: {saved.timeRange.from} to {saved.timeRange.to}
        </option>
      </Select>
      <Select label="Auto-refresh" value={view.refreshSeconds} onChange={(event) => view.setRefresh(Number(event.target.value))} containerClassName="w-[calc(50%-0.375rem)] sm:w-36">
        {REFRESH_SECONDS.map((seconds) => (
          <option key={seconds} value={seconds}>
            {refreshLabel(seconds)}
          </option>
        ))}
      </Select>
      <Button variant="secondary" className="w-[calc(50%-0.375rem)] sm:w-auto" onClick={onRefresh}>
        Refresh
      </Button>
      {variables.length ? (
        <div role="group" aria-label="Variables" className="flex w-full flex-wrap items-end gap-3 sm:w-auto">
          {variables.map((variable) => (
            <VariableCombobox key={variable.name} source={source} variable={variable} value={view.values[variable.name]} onChange={(value) => view.setVariable(variable.name, value)} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
