import { useState } from 'react';
import { Link } from 'react-router';
import { CopyButton, cx } from '../../lib/ui/index.ts';

type Method = 'json' | 'line' | 'telegraf';

const methods: { id: Method; label: string }[] = [
  { id: 'json', label: 'JSON batch' },
  { id: 'line', label: 'Line protocol' },
  { id: 'telegraf', label: 'Telegraf' },
];

function snippet(method: Method, origin: string, orgId: string, streamId: string | undefined): string {
  switch (method) {
    case 'json':
      return [
        `curl -X POST "${origin}/api/v1/streams/${streamId ?? '$STREAM_ID'}/points" \\`,
        `  -H "Authorization: Bearer $FLUXWORKS_API_KEY" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d '{"points":[{"tags":{"host":"web-1"},"values":{"cpu":0.42}},{"tags":{"host":"web-2"},"values":{"cpu":0.17}}]}'`,
      ].join('\n');
    case 'line':
      return [
        `curl -X POST "${origin}/api/v1/orgs/${orgId}/write?precision=ns" \\`,
        `  -H "Authorization: Token $FLUXWORKS_API_KEY" \\`,
        `  -H "Content-Type: text/plain" \\`,
        `  --data-binary 'cpu,host=web-1 usage=0.42'`,
      ].join('\n');
    case 'telegraf':
      return [
        '[[outputs.http]]',
        `  url = "${origin}/api/v1/orgs/${orgId}/write?precision=ns"`,
        '  data_format = "influx"',
        '  [outputs.http.headers]',
        '    Authorization = "Token fwk_..."',
        '    Content-Type = "text/plain"',
      ].join('\n');
  }
}

const explanations: Record<Method, string> = {
  json: 'Up to 10,000 points per request. Time is optional (ISO 8601 or epoch ms; the server’s clock otherwise), and each refused point comes back with its reason.',
  line: 'InfluxDB line protocol: each measurement goes to the stream of that name, which is made on first use.',
  telegraf: 'Telegraf’s HTTP output writes line protocol unchanged; each measurement becomes a stream.',
};

/** Copyable examples of writing points, with this organisation's (and stream's) real address. */
export function SendDataGuide({ orgId, streamId }: { orgId: string; streamId?: string }) {
  const [method, setMethod] = useState<Method>('json');
  const text = snippet(method, window.location.origin, orgId, streamId);
  return (
    <div className="min-w-0 space-y-3 text-left">
      <div role="tablist" aria-label="How to send data" className="flex w-fit max-w-full overflow-x-auto rounded-lg border border-border bg-surface p-0.5 text-sm">
        {methods.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={method === item.id}
            onClick={() => setMethod(item.id)}
            className={cx('shrink-0 rounded-md px-3 py-1 font-medium', method === item.id ? 'bg-accent-soft text-accent' : 'text-muted hover:text-fg')}
          >
            {item.label}
          </button>
        ))}
      </div>
      <p className="text-[13px] text-muted">
        {explanations[method]}
        {method === 'json' && !streamId ? ' Put a stream’s id in STREAM_ID, or open the stream for a ready-made command.' : null}
      </p>
      <div role="tabpanel" aria-label={methods.find((item) => item.id === method)!.label} className="overflow-hidden rounded-lg border border-border">
        <div className="flex items-center justify-between gap-3 border-b border-border bg-surface px-3 py-1.5">
          <span className="font-mono text-[12px] text-muted">{method === 'telegraf' ? 'telegraf.conf' : 'shell'}</span>
          <CopyButton text={text} />
        </div>
        <pre className="overflow-x-auto bg-surface-muted p-3 font-mono text-[12.5px] leading-5">
          <code>{text}</code>
        </pre>
      </div>
      <p className="text-[13px] text-muted">
        Authenticate with an API key that has the <code className="font-mono text-fg">dashboards:write</code> scope, made under{' '}
        <Link to={`/orgs/${orgId}/api-keys`} className="font-medium text-accent underline-offset-2 hover:underline">
          API keys
        </Link>
        .
      </p>
    </div>
  );
}
