import type { PresenceStatus } from '../../../../../common/studio-messaging.ts';
import { initials } from '../../../lib/format.ts';
import { cx } from '../../../lib/ui/index.ts';

const palette = ['bg-indigo-500', 'bg-emerald-600', 'bg-rose-500', 'bg-amber-600', 'bg-sky-600', 'bg-violet-600', 'bg-teal-600', 'bg-fuchsia-600'];

/** A stable colour per person, from their id. */
function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}

const presenceLabel: Record<PresenceStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export function PresenceDot({ status, className }: { status: PresenceStatus; className?: string }) {
  return (
    <span
      role="img"
      aria-label={presenceLabel[status]}
      title={presenceLabel[status]}
      data-presence={status}
      className={cx(
        'inline-block size-2.5 shrink-0 rounded-full ring-2 ring-surface',
        status === 'online' && 'bg-success',
        status === 'away' && 'bg-warning',
        status === 'offline' && 'border border-muted bg-surface',
        className,
      )}
    />
  );
}

export function Avatar({ id, name, size = 'md', status }: { id: string; name: string; size?: 'sm' | 'md'; status?: PresenceStatus }) {
  return (
    <span className="relative inline-flex shrink-0">
      <span
        aria-hidden
        className={cx(
          'inline-flex items-center justify-center rounded-lg font-semibold text-white',
          colourOf(id),
          size === 'md' ? 'size-9 text-[13px]' : 'size-6 text-[10px]',
        )}
      >
        {initials(name)}
      </span>
      {status ? <PresenceDot status={status} className="absolute -right-0.5 -bottom-0.5" /> : null}
    </span>
  );
}
