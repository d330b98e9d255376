import { useId, useState } from 'react';
import type { IngestResult, Stream } from '../../../../../common/dashboards-streams.ts';
import { formErrors, formText } from '../../../lib/forms.ts';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Input } from '../../../lib/ui/index.ts';
import { useWritePoints } from '../api.ts';

interface TestPoint {
  time: number;
  tags: Record<string, string>;
  values: Record<string, number | string>;
}

interface Written {
  points: TestPoint[];
  result: IngestResult;
}

/** A number when the text reads as one; otherwise the text itself, for the server to refuse with its reason. */
function valueOf(text: string): number | string {
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

/** `room=kitchen, sensor=a` as tags; undefined when a part is not key=value. */
function parseTags(text: string): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const part of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    tags[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return tags;
}

/** Writes a few points by hand (writers): each value one point, a millisecond apart, with the same tags. */
export function WritePointsPanel({ stream, field, onWritten }: { stream: Stream; field: string; onWritten: () => void }) {
  const write = useWritePoints(stream.id);
  const [written, setWritten] = useState<Written | null>(null);
  const [tagsError, setTagsError] = useState<string | undefined>();
  const fieldsListId = useId();
  const errors = formErrors(write.error, ['points'] as const);

  return (
    <Card>
      <CardHeader title="Write test points" description="Stored like any other point, so they show in queries and live views." />
      <CardBody>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const tags = parseTags(formText(form, 'tags'));
            setTagsError(tags ? undefined : 'Write tags as key=value, separated by commas');
            if (!tags) return;
            const name = formText(form, 'field').trim();
            const start = Date.now();
            const points = formText(form, 'values')
              .split(/[\s,]+/)
              .filter(Boolean)
              .map((text, index): TestPoint => ({ time: start + index, tags, values: { [name]: valueOf(text) } }));
            write.mutate(points, {
              onSuccess: (result) => {
                setWritten({ points, result });
                onWritten();
              },
            });
          }}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Input label="Field" name="field" required list={fieldsListId} defaultValue={field} key={field} autoComplete="off" hint="A new name adds a field." />
            <datalist id={fieldsListId}>
              {stream.fields.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            <Input label="Values" name="values" required inputMode="decimal" placeholder="21.5, 22, 22.4" hint="One point per value." autoComplete="off" />
          </div>
          <Input
            label="Tags (optional)"
            name="tags"
            placeholder={stream.tagKeys.length ? stream.tagKeys.map((key) => `${key}=…`).join(', ') : 'room=kitchen'}
            hint={stream.tagKeys.length ? `Known tag keys: ${stream.tagKeys.join(', ')}` : 'key=value pairs, separated by commas'}
            error={tagsError}
            autoComplete="off"
          />
          {errors.form ?? errors.fields.points ? <Alert tone="danger">{errors.form ?? errors.fields.points}</Alert> : null}
          <Button type="submit" loading={write.isPending}>
            Write points
          </Button>
        </form>
        {written ? <WriteResult written={written} /> : null}
      </CardBody>
    </Card>
  );
}

function WriteResult({ written }: { written: Written }) {
  const { points, result } = written;
  const reasons = new Map(result.rejected.map((rejection) => [rejection.index, rejection.reason]));
  return (
    <div className="mt-5 space-y-2" role="status">
      <p className="text-[13px] font-medium">
        {result.accepted} accepted, {result.rejected.length} rejected
        {result.added.fields.length ? ` · new fields: ${result.added.fields.join(', ')}` : ''}
        {result.added.tagKeys.length ? ` · new tag keys: ${result.added.tagKeys.join(', ')}` : ''}
      </p>
      <ol className="divide-y divide-border rounded-lg border border-border text-[13px]">
        {points.map((point, index) => {
          const reason = reasons.get(index);
          return (
            <li key={point.time} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span className="w-6 text-muted tabular-nums">{index + 1}</span>
              <span className="font-mono">{String(Object.values(point.values)[0])}</span>
              {reason === undefined ? <Badge tone="success">Accepted</Badge> : <Badge tone="danger">Rejected</Badge>}
              {reason ? <span className="min-w-0 basis-full text-danger sm:basis-auto">{reason}</span> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
