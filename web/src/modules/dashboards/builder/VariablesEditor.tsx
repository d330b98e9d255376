import { useId, useState } from 'react';
import { dashboardLimits, variableSchema, type DashboardVariable, type Widget } from '../../../../../common/dashboards.ts';
import { Alert, Button, Dialog, Icon, Input, Select } from '../../../lib/ui/index.ts';
import { useStreamOptions } from '../api.ts';
import { useTagValues } from '../boards/api.ts';
import { widgetTitle } from './draft.ts';
import { widgetsUsing } from './variables.ts';

interface VariableRow {
  /** Stable across edits of the name, for React and for renaming the widgets' `$name` filters. */
  key: string;
  originalName: string | null;
  name: string;
  label: string;
  streamId: string;
  tagKey: string;
  default: string;
}

interface VariablesEditorProps {
  orgId: string;
  variables: readonly DashboardVariable[];
  widgets: readonly Widget[];
  /** The new variables, and the names changed (old to new) so the widgets' filters follow them. */
  onApply: (variables: DashboardVariable[], renames: Map<string, string>) => void;
  onClose: () => void;
}

/** Adds, changes and removes the dashboard's variables: a name widgets filter by (`$name`), and the stream tag whose values it offers. */
export function VariablesEditor({ orgId, variables, widgets, onApply, onClose }: VariablesEditorProps) {
  const streams = useStreamOptions(orgId);
  const [rows, setRows] = useState<VariableRow[]>(() =>
    variables.map((variable) => ({ key: crypto.randomUUID(), originalName: variable.name, name: variable.name, label: variable.label, streamId: variable.streamId, tagKey: variable.tagKey, default: variable.default ?? '' })),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const change = (key: string, patch: Partial<VariableRow>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const add = () => {
    const stream = streams.data?.find((item) => item.tagKeys.length > 0) ?? streams.data?.[0];
    const taken = new Set(rows.map((row) => row.name));
    const base = stream?.tagKeys[0]?.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') ?? 'variable';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    setRows([...rows, { key: crypto.randomUUID(), originalName: null, name, label: '', streamId: stream?.id ?? '', tagKey: stream?.tagKeys[0] ?? '', default: '' }]);
  };

  const validate = (): { variables: DashboardVariable[] } | { problem: string } => {
    for (const variable of variables.filter((entry) => !rows.some((row) => row.originalName === entry.name))) {
      const users = widgetsUsing(widgets, variable.name);
      if (users.length) return { problem: `${users.map(widgetTitle).join(', ')} filter by $${variable.name}: change their filters before removing it.` };
    }
    const names = new Set<string>();
    const next: DashboardVariable[] = [];
    for (const row of rows) {
      const parsed = variableSchema.safeParse({ name: row.name.trim(), label: row.label.trim(), streamId: row.streamId, tagKey: row.tagKey, ...(row.default.trim() ? { default: row.default.trim() } : {}) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const what = issue?.path[0] === 'name' ? 'name' : issue?.path[0] === 'label' ? 'label' : issue?.path[0] === 'default' ? 'default' : 'stream and tag key';
        return { problem: `Variable ${row.name.trim() || String(next.length + 1)}: check its ${what}. ${issue?.message ?? ''}`.trim() };
      }
      if (names.has(parsed.data.name)) return { problem: `Two variables are named ${parsed.data.name}.` };
      names.add(parsed.data.name);
      next.push(parsed.data);
    }
    return { variables: next };
  };

  const apply = () => {
    const result = validate();
    if ('problem' in result) {
      setProblem(result.problem);
      return;
    }
    const renames = new Map(rows.filter((row) => row.originalName && row.originalName !== row.name.trim()).map((row) => [row.originalName!, row.name.trim()]));
    onApply(result.variables, renames);
  };

  const full = rows.length >= dashboardLimits.variables;
  return (
    <Dialog
      open
      onClose={onClose}
      title="Variables"
      description="A variable is a dropdown above the widgets; a widget's tag filter uses its value when written $name."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={apply}>Apply</Button>
        </>
      }
    >
      <div className="space-y-4">
        {rows.length === 0 ? <p className="text-sm text-muted">No variables yet.</p> : null}
        {rows.map((row, index) => (
          <VariableFields
            key={row.key}
            index={index}
            row={row}
            streams={streams.data ?? []}
            onChange={(patch) => {
              setProblem(null);
              change(row.key, patch);
            }}
            onRemove={() => {
              setProblem(null);
              setRows(rows.filter((entry) => entry.key !== row.key));
            }}
          />
        ))}
        {problem ? <Alert tone="danger">{problem}</Alert> : null}
        {streams.isError ? <Alert tone="danger">Could not load the streams: {streams.error.message}</Alert> : null}
        <Button variant="secondary" size="sm" icon={<Icon name="plus" />} disabled={full || !streams.data?.length} onClick={add}>
          Add variable
        </Button>
        {full ? <p className="text-[13px] text-muted">A dashboard has {dashboardLimits.variables} variables at most.</p> : null}
      </div>
    </Dialog>
  );
}

interface VariableFieldsProps {
  index: number;
  row: VariableRow;
  streams: { id: string; name: string; tagKeys: string[] }[];
  onChange: (patch: Partial<VariableRow>) => void;
  onRemove: () => void;
}

function VariableFields({ index, row, streams, onChange, onRemove }: VariableFieldsProps) {
  const listId = useId();
  const stream = streams.find((item) => item.id === row.streamId);
  const values = useTagValues(row.streamId, row.tagKey, '', Boolean(stream?.tagKeys.includes(row.tagKey)));
  return (
    <fieldset className="rounded-lg border border-border p-3">
      <legend className="float-left pt-1.5 text-[13px] font-semibold">
        Variable {index + 1}
        {row.name ? <span className="ml-1.5 font-mono font-normal text-muted">${row.name}</span> : null}
      </legend>
      <Button variant="ghost" size="sm" className="float-right" aria-label={`Remove variable ${index + 1}`} icon={<Icon name="trash" />} onClick={onRemove} />
      <div className="clear-both grid gap-3 pt-2 sm:grid-cols-2">
        <Input label="Name" value={row.name} maxLength={32} spellCheck={false} className="font-mono" onChange={(event) => onChange({ name: event.target.value })} />
        <Input label="Label" value={row.label} maxLength={80} placeholder={row.name} onChange={(event) => onChange({ label: event.target.value })} />
        <Select
          label="Stream"
          value={row.streamId}
          onChange={(event) => onChange({ streamId: event.target.value, tagKey: streams.find((item) => item.id === event.target.value)?.tagKeys[0] ?? '', default: '' })}
        >
          {stream ? null : <option value="">Choose a stream</option>}
          {streams.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </Select>
        <Select label="Tag key" value={row.tagKey} disabled={!stream?.tagKeys.length} onChange={(event) => onChange({ tagKey: event.target.value, default: '' })}>
          {stream?.tagKeys.length ? null : <option value="">No tag keys in this stream</option>}
          {stream?.tagKeys.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </Select>
      </div>
      <Input label="Default" containerClassName="mt-3" value={row.default} list={listId} maxLength={256} placeholder="None: starts at All" onChange={(event) => onChange({ default: event.target.value })} />
      <datalist id={listId}>
        {values.data?.map((value) => (
          <option key={value} value={value} />
        ))}
      </datalist>
    </fieldset>
  );
}
