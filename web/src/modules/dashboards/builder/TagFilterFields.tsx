import { useId } from 'react';
import type { Stream } from '../../../../../common/dashboards-streams.ts';
import type { DashboardVariable } from '../../../../../common/dashboards.ts';
import { Button, Icon, Input, Select } from '../../../lib/ui/index.ts';
import { useTagValues } from '../boards/api.ts';
import type { TagFilterRow } from './widget-form.ts';

interface TagFilterFieldsProps {
  stream: Stream | undefined;
  rows: TagFilterRow[];
  variables: readonly DashboardVariable[];
  error: string | undefined;
  onChange: (rows: TagFilterRow[]) => void;
}

/** Tag filters as key = value rows; a value may be a `$variable` of the dashboard. */
export function TagFilterFields({ stream, rows, variables, error, onChange }: TagFilterFieldsProps) {
  const tagKeys = stream?.tagKeys ?? [];
  const unused = tagKeys.find((key) => !rows.some((row) => row.key === key));
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-[13px] font-medium">Tag filters</legend>
      {rows.length === 0 ? <p className="text-[13px] text-muted">{tagKeys.length ? 'Every series of the stream.' : 'This stream has no tag keys to filter by.'}</p> : null}
      {rows.map((row, index) => (
        <FilterRow
          key={index}
          index={index}
          streamId={stream?.id ?? ''}
          tagKeys={tagKeys}
          row={row}
          variables={variables}
          onChange={(next) => onChange(rows.map((entry, at) => (at === index ? next : entry)))}
          onRemove={() => onChange(rows.filter((_, at) => at !== index))}
        />
      ))}
      {error ? <p className="text-[13px] text-danger">{error}</p> : null}
      <Button variant="secondary" size="sm" icon={<Icon name="plus" />} disabled={!unused} onClick={() => unused && onChange([...rows, { key: unused, value: '' }])}>
        Add filter
      </Button>
    </fieldset>
  );
}

interface FilterRowProps {
  index: number;
  streamId: string;
  tagKeys: string[];
  row: TagFilterRow;
  variables: readonly DashboardVariable[];
  onChange: (row: TagFilterRow) => void;
  onRemove: () => void;
}

function FilterRow({ index, streamId, tagKeys, row, variables, onChange, onRemove }: FilterRowProps) {
  const listId = useId();
  const values = useTagValues(streamId, row.key);
  const suggestions = [...variables.map((variable) => `$${variable.name}`), ...(values.data ?? [])];
  return (
    <div className="flex items-end gap-2">
      <Select label={`Filter ${index + 1} tag`} value={row.key} onChange={(event) => onChange({ ...row, key: event.target.value })} containerClassName="w-2/5 min-w-0">
        {tagKeys.map((key) => (
          <option key={key} value={key}>
            {key}
          </option>
        ))}
      </Select>
      <span aria-hidden="true" className="pb-2 text-muted">
        =
      </span>
      <Input
        label={`Filter ${index + 1} value`}
        value={row.value}
        list={listId}
        maxLength={256}
        placeholder="value or $variable"
        onChange={(event) => onChange({ ...row, value: event.target.value })}
        containerClassName="min-w-0 flex-1"
      />
      <datalist id={listId}>
        {suggestions.map((suggestion) => (
          <option key={suggestion} value={suggestion} />
        ))}
      </datalist>
      <Button variant="ghost" size="sm" className="mb-0.5" aria-label={`Remove filter ${index + 1}`} icon={<Icon name="trash" />} onClick={onRemove} />
    </div>
  );
}
