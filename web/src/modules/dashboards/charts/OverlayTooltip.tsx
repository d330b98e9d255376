import { formatDateTime } from '../../../lib/format.ts';
import type { OverlayHit } from './chart-overlays.ts';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The text of the annotation or anomaly under the pointer, beside it and kept inside the chart. */
export function OverlayTooltip({ hit, width, height, formatReading }: { hit: OverlayHit; width: number; height: number; formatReading: (value: number) => string }) {
  const onRight = hit.left > width / 2;
  const below = hit.top < height / 2;
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute z-10 max-w-64 rounded-lg border border-border bg-surface px-3 py-2 text-[12px] shadow-card"
      style={{ left: hit.left, ...(below ? { top: hit.top + 10 } : { bottom: height - hit.top + 10 }), transform: onRight ? 'translateX(calc(-100% + 8px))' : 'translateX(-8px)' }}
    >
      {hit.kind === 'annotation' ? (
        <>
          <p className="text-muted tabular-nums">
            {formatDateTime(iso(hit.mark.time))}
            {hit.mark.timeEnd === null ? null : ` – ${formatDateTime(iso(hit.mark.timeEnd))}`}
          </p>
          <p className="mt-0.5 break-words whitespace-pre-line">{hit.mark.text}</p>
        </>
      ) : (
        <>
          <p className="text-muted tabular-nums">{formatDateTime(iso(hit.mark.time))}</p>
          <p className="mt-0.5 font-medium text-danger">Anomaly</p>
          <p className="tabular-nums">
            {formatReading(hit.mark.value)} <span className="text-muted">(expected {formatReading(hit.mark.expected)})</span>
          </p>
        </>
      )}
    </div>
  );
}
