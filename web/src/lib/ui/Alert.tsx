import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon } from './Icon.tsx';

const tones = {
  danger: 'border-danger/30 bg-danger-soft text-danger',
  success: 'border-success/30 bg-success-soft text-success',
  warning: 'border-warning/30 bg-warning-soft text-warning',
  info: 'border-accent/30 bg-accent-soft text-fg',
};

const icons = { danger: 'alert', success: 'check', warning: 'alert', info: 'info' } as const;

/** An inline message; danger alerts are announced to screen readers. */
export function Alert({ tone = 'info', title, children, className }: { tone?: keyof typeof tones; title?: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <div role={tone === 'danger' ? 'alert' : 'status'} className={cx('flex gap-3 rounded-lg border px-3.5 py-3 text-[13px]', tones[tone], className)}>
      <Icon name={icons[tone]} className="mt-0.5 shrink-0" />
      <div className="min-w-0 space-y-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={title ? 'text-fg/80' : undefined}>{children}</div> : null}
      </div>
    </div>
  );
}
