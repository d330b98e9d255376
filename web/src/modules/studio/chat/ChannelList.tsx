import type { Channel, PresenceStatus } from '../../../../../common/studio-messaging.ts';
import { Icon, cx } from '../../../lib/ui/index.ts';
import { PresenceDot } from './Avatar.tsx';

interface Props {
  channels: Channel[];
  activeId: string | null;
  meId: string;
  presence: Record<string, PresenceStatus>;
  onOpen: (channelId: string) => void;
  onNewDirect?: () => void;
}

function UnreadBadge({ channel }: { channel: Channel }) {
  if (channel.unreadCount === 0) return null;
  return (
    <span
      aria-label={`${channel.unreadCount} unread${channel.mentionCount ? `, ${channel.mentionCount} mentioning you` : ''}`}
      className={cx(
        'ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-[11px] font-semibold',
        channel.mentionCount ? 'bg-danger text-white dark:text-bg' : 'bg-accent text-accent-fg',
      )}
    >
      {channel.unreadCount > 99 ? '99+' : channel.unreadCount}
    </span>
  );
}

/** The project channel, then direct conversations, each with its unread badge. */
export function ChannelList({ channels, activeId, meId, presence, onOpen, onNewDirect }: Props) {
  const general = channels.filter((channel) => channel.kind === 'project');
  const direct = channels.filter((channel) => channel.kind === 'direct');
  const item = (channel: Channel) => {
    const other = channel.participants.find((person) => person.id !== meId);
    const unread = channel.unreadCount > 0;
    return (
      <li key={channel.id}>
        <button
          type="button"
          onClick={() => onOpen(channel.id)}
          aria-current={channel.id === activeId ? 'page' : undefined}
          className={cx(
            'flex w-full items-center gap-2 rounded-lg px-2.5 py-2 text-left text-sm md:py-1.5',
            channel.id === activeId ? 'bg-accent-soft text-accent' : 'text-fg hover:bg-surface-muted',
            unread && 'font-semibold',
          )}
        >
          {channel.kind === 'project' ? <span className="w-3 text-center text-muted">#</span> : <PresenceDot status={other ? (presence[other.id] ?? 'offline') : 'offline'} />}
          <span className="truncate">{channel.name}</span>
          <UnreadBadge channel={channel} />
        </button>
      </li>
    );
  };
  return (
    <nav aria-label="Conversations" className="space-y-4 p-2">
      <div>
        <h2 className="px-2.5 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">Channels</h2>
        <ul>{general.map(item)}</ul>
      </div>
      <div>
        <div className="flex items-center justify-between px-2.5 pb-1">
          <h2 className="text-xs font-semibold tracking-wide text-muted uppercase">Direct messages</h2>
          {onNewDirect ? (
            <button type="button" onClick={onNewDirect} aria-label="New direct message" title="New direct message" className="rounded p-1 text-muted hover:bg-surface-muted hover:text-fg">
              <Icon name="plus" className="size-3.5" />
            </button>
          ) : null}
        </div>
        {direct.length ? <ul>{direct.map(item)}</ul> : <p className="px-2.5 text-xs text-muted">No conversations yet.</p>}
      </div>
    </nav>
  );
}
