import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Stream, StreamDetail } from '../../../../../common/dashboards-streams.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Dialog, Icon, NotFoundPanel, Spinner, useToast } from '../../../lib/ui/index.ts';
import { dashboardKeys, useStream } from '../api.ts';
import { SendDataGuide } from '../SendDataGuide.tsx';
import { retentionLabel } from '../StreamsTable.tsx';
import { ChartModel } from './chart-model.ts';
import { downloadCsv } from './csv.ts';
import { explorerSearch, rangeMs, readExplorerQuery, TIME_RANGES, type ExplorerQuery } from './explorer-query.ts';
import { LiveReadout } from './LiveReadout.tsx';
import { LiveSwitch } from './LiveSwitch.tsx';
import { QueryControls, RangePicker } from './QueryControls.tsx';
import { QuerySummary } from './QuerySummary.tsx';
import { StreamSettingsPanel } from './StreamSettingsPanel.tsx';
import { StreamStats } from './StreamStats.tsx';
import { TimeSeriesChart, type TimeWindow } from './TimeSeriesChart.tsx';
import { useElementWidth } from './useElementWidth.ts';
import { useLiveStream } from './useLiveStream.ts';
import { useRangeQuery } from './useRangeQuery.ts';
import { WritePointsPanel } from './WritePointsPanel.tsx';

const PHONE_WIDTH = 640;

/** One stream: its numbers, a chart of one field over a range (live if asked), and writing and settings for those allowed. */
export function StreamExplorerPage() {
  const { streamId = '' } = useParams();
  const detail = useStream(streamId);
  if (detail.isPending) return <Spinner label="Loading stream…" />;
  if (detail.isError) return <NotFoundPanel title="Stream not found" error={detail.error} />;
  return <StreamExplorer detail={detail.data} />;
}

function StreamExplorer({ detail }: { detail: StreamDetail }) {
  const { stream, stats, policies } = detail;
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const explorer = readExplorerQuery(params, stream);
  const change = (patch: Partial<ExplorerQuery>) => setParams(explorerSearch({ ...explorer, ...patch }), { replace: true });
  const [live, setLive] = useState(false);
  const [guideOpen, setGuideOpen] = useState(false);
  // While live the chart already has new points; otherwise it is drawn again with them.
  const refresh = (what: 'stream' | 'details') => void queryClient.invalidateQueries({ queryKey: dashboardKeys.stream(stream.id), exact: what === 'details' });

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <Link to={`/orgs/${stream.orgId}/streams`} className="inline-flex items-center gap-1 text-[13px] text-muted hover:text-fg">
          <Icon name="arrowLeft" className="size-3.5" /> Streams
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 truncate font-mono text-xl font-semibold tracking-tight sm:text-2xl">{stream.name}</h1>
          <Badge>Keeps {retentionLabel(stream.retentionDays)}</Badge>
          {stats.points > 0 ? (
            <Button variant="secondary" size="sm" className="ml-auto" onClick={() => setGuideOpen(true)}>
              Send data
            </Button>
          ) : null}
        </div>
        {stream.description ? <p className="max-w-3xl text-sm text-muted">{stream.description}</p> : null}
      </header>
      <StreamStats stats={stats} />
      {stream.fields.length ? (
        <Explorer stream={stream} explorer={explorer} onChange={change} live={live} onLiveChange={setLive} onRefresh={() => refresh('stream')} />
      ) : null}
      {stats.points === 0 ? (
        <Card>
          <CardHeader title="No points yet" description="Send some from a script, a device or Telegraf; fields and tag keys are added as points name them." />
          <CardBody>
            <SendDataGuide orgId={stream.orgId} streamId={stream.id} />
          </CardBody>
        </Card>
      ) : null}
      <Dialog open={guideOpen} onClose={() => setGuideOpen(false)} title={`Send data to ${stream.name}`}>
        <SendDataGuide orgId={stream.orgId} streamId={stream.id} />
      </Dialog>
      {policies.write || policies.manage ? (
        <div className="grid items-start gap-6 lg:grid-cols-2">
          {policies.write ? <WritePointsPanel stream={stream} field={explorer.field} onWritten={() => refresh(live ? 'details' : 'stream')} /> : null}
          {policies.manage ? <StreamSettingsPanel stream={stream} /> : null}
        </div>
      ) : null}
    </div>
  );
}

interface ExplorerProps {
  stream: Stream;
  explorer: ExplorerQuery;
  onChange: (patch: Partial<ExplorerQuery>) => void;
  live: boolean;
  onLiveChange: (live: boolean) => void;
  onRefresh: () => void;
}

function Explorer({ stream, explorer, onChange, live, onLiveChange, onRefresh }: ExplorerProps) {
  const toast = useToast();
  const chartBox = useRef<HTMLDivElement>(null);
  const width = useElementWidth(chartBox);
  const [liveStoppedAt, setLiveStoppedAt] = useState(0);
  const range = useRangeQuery(stream.id, explorer, width);
  const answer = range.data;
  // While another query loads, the chart keeps the last answer; live points are for the current one only.
  const current = range.isPlaceholderData ? undefined : answer;
  const model = useMemo(() => (answer ? ChartModel.fromResult(answer.result, answer.explorer.groupBy) : null), [answer]);
  const liveStream = useLiveStream(stream.id, explorer.field, live, current?.to);
  const spanMs = rangeMs(explorer.range);

  const timeWindow = useMemo<TimeWindow>(() => {
    if (live) return { kind: 'sliding', spanMs };
    // Right after live stops, the axis stays where it was until the fresh query answers.
    const end = Math.max(answer?.to ?? 0, liveStoppedAt);
    return { kind: 'fixed', from: end - spanMs, to: end };
  }, [live, spanMs, answer, liveStoppedAt]);

  const toggleLive = () => {
    if (live) {
      setLiveStoppedAt(Date.now());
      onRefresh();
    }
    onLiveChange(!live);
  };

  const rangeTitle = TIME_RANGES.find((choice) => choice.id === explorer.range)!.title.toLowerCase();
  return (
    <Card>
      <div className="space-y-4 px-4 py-4 sm:px-5">
        <QueryControls stream={stream} explorer={explorer} onChange={onChange} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <RangePicker value={explorer.range} onChange={(value) => onChange({ range: value })} />
          <div className="flex flex-wrap items-center gap-2">
            <LiveSwitch on={live} onToggle={toggleLive} />
            {live ? null : (
              <Button variant="secondary" size="sm" loading={range.isFetching} onClick={onRefresh}>
                Refresh
              </Button>
            )}
            <Button
              variant="secondary"
              size="sm"
              icon={<Icon name="download" />}
              disabled={!answer}
              onClick={() => answer && downloadCsv(stream.id, answer, `${stream.name}-${answer.explorer.field}.csv`).catch((error: unknown) => toast(errorMessage(error), 'danger'))}
            >
              CSV
            </Button>
          </div>
        </div>
      </div>
      <div className="border-t border-border">
        <div className="flex min-h-9 items-center justify-between gap-3 px-4 pt-3 sm:px-5">
          {answer ? <QuerySummary answer={answer} /> : <span />}
          {range.isFetching ? <Spinner /> : null}
        </div>
        <div ref={chartBox} className="overflow-hidden px-2 pt-2 sm:px-3">
          {range.isError ? (
            <div className="px-2 py-10">
              <Alert tone="danger">{errorMessage(range.error)}</Alert>
            </div>
          ) : model ? (
            <TimeSeriesChart
              model={model}
              timeWindow={timeWindow}
              feed={liveStream.feed}
              width={width}
              height={width < PHONE_WIDTH ? 240 : 320}
              label={`Line chart of ${explorer.field} over the ${rangeTitle}${explorer.groupBy ? `, one line per ${explorer.groupBy}` : ''}`}
              empty={live ? 'Waiting for live points…' : `No ${explorer.field} points in the ${rangeTitle}`}
            />
          ) : (
            <div className="grid h-60 place-items-center sm:h-80">
              <Spinner label="Loading points…" />
            </div>
          )}
        </div>
      </div>
      {liveStream.feed ? <LiveReadout feed={liveStream.feed} field={explorer.field} status={liveStream.status} /> : null}
    </Card>
  );
}
