import { Link } from 'react-router';
import type { Stream } from '../../../../common/dashboards-streams.ts';
import { formatRelative } from '../../lib/format.ts';
import { Badge, TBody, THead, Table, Td, Th, Tr } from '../../lib/ui/index.ts';

const SHOWN_NAMES = 4;

/** A few names as badges and how many more there are. */
function NameList({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <span className="text-muted">{empty}</span>;
  const rest = names.length - SHOWN_NAMES;
  return (
    <div className="flex max-w-xs flex-wrap gap-1">
      {names.slice(0, SHOWN_NAMES).map((name) => (
        <Badge key={name} className="font-mono">
          {name}
        </Badge>
      ))}
      {rest > 0 ? <Badge tone="accent">+{rest} more</Badge> : null}
    </div>
  );
}

export function retentionLabel(days: number): string {
  return days === 1 ? '1 day' : `${days.toLocaleString()} days`;
}

export function StreamsTable({ streams }: { streams: Stream[] }) {
  return (
    <Table label="Streams">
      <THead>
        <Th>Name</Th>
        <Th>Fields</Th>
        <Th className="hidden sm:table-cell">Tag keys</Th>
        <Th>Retention</Th>
        <Th className="hidden md:table-cell">Updated</Th>
      </THead>
      <TBody>
        {streams.map((stream) => (
          <Tr key={stream.id}>
            <Td className="max-w-64">
              <Link to={`/streams/${stream.id}`} className="font-medium text-fg hover:text-accent hover:underline underline-offset-2">
                {stream.name}
              </Link>
              {stream.description ? <p className="truncate text-[13px] text-muted">{stream.description}</p> : null}
            </Td>
            <Td>
              <NameList names={stream.fields} empty="None yet" />
            </Td>
            <Td className="hidden sm:table-cell">
              <NameList names={stream.tagKeys} empty="None" />
            </Td>
            <Td className="whitespace-nowrap text-muted">{retentionLabel(stream.retentionDays)}</Td>
            <Td className="hidden whitespace-nowrap text-muted md:table-cell">{formatRelative(stream.updatedAt)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
