import uPlot from 'uplot';
import type { ChartColors } from '../explorer/chart-theme.ts';

/** A dashboard annotation on the time axis: a moment, or a span when it has an end. */
export interface AnnotationMark {
  id: string;
  time: number;
  timeEnd: number | null;
  text: string;
}

/** An hour the analytics found anomalous: its average and what was expected. */
export interface AnomalyMark {
  time: number;
  value: number;
  expected: number;
  score: number;
}

export interface ForecastPoint {
  time: number;
  mean: number;
  lower: number;
  upper: number;
}

/** What a time chart draws besides its series. */
export interface ChartOverlays {
  annotations: readonly AnnotationMark[];
  anomalies: readonly AnomalyMark[];
  /** Drawn only after the chart's newest point. */
  forecast: readonly ForecastPoint[];
}

export const NO_OVERLAYS: ChartOverlays = { annotations: [], anomalies: [], forecast: [] };

/** The overlay under the pointer, placed in CSS pixels from the chart's top left. */
export type OverlayHit = { kind: 'annotation'; mark: AnnotationMark; left: number; top: number } | { kind: 'anomaly'; mark: AnomalyMark; left: number; top: number };

const ANOMALY_RADIUS_PX = 4.5;
const ANOMALY_HIT_PX = 9;
const ANNOTATION_HIT_PX = 4;
const FLAG_PX = 5;

/** The newest time at which any shown series has a value: where a forecast starts. */
export function newestTime(plot: uPlot): number | null {
  const times = plot.data[0];
  for (let row = times.length - 1; row >= 0; row--) {
    for (let column = 1; column < plot.data.length; column++) {
      const value = plot.data[column]?.[row];
      if (plot.series[column]?.show !== false && value !== null && value !== undefined) return times[row]!;
    }
  }
  return null;
}

/** The forecast from the newest point on, its first point interpolated at that moment so it joins the line. */
export function forecastAfter(forecast: readonly ForecastPoint[], after: number | null): ForecastPoint[] {
  if (after === null) return [];
  const later = forecast.findIndex((point) => point.time > after);
  if (later === -1) return [];
  const previous = forecast[later - 1];
  const next = forecast[later]!;
  if (!previous) return forecast.slice(later);
  const share = (after - previous.time) / (next.time - previous.time);
  const between = (a: number, b: number) => a + (b - a) * share;
  return [{ time: after, mean: between(previous.mean, next.mean), lower: between(previous.lower, next.lower), upper: between(previous.upper, next.upper) }, ...forecast.slice(later)];
}

/** The values overlays need room for between two times, to widen the value axis; null when none. */
export function overlayExtent(overlays: ChartOverlays, from: number, to: number, newest: number | null): [number, number] | null {
  let low = Infinity;
  let high = -Infinity;
  for (const anomaly of overlays.anomalies) {
    if (anomaly.time < from || anomaly.time > to) continue;
    low = Math.min(low, anomaly.value);
    high = Math.max(high, anomaly.value);
  }
  for (const point of forecastAfter(overlays.forecast, newest)) {
    if (point.time < from || point.time > to) continue;
    low = Math.min(low, point.lower);
    high = Math.max(high, point.upper);
  }
  return low <= high ? [low, high] : null;
}

/** Annotations, anomalies and the forecast as a uPlot plugin; it reads them on every draw, so new ones need only a redraw. */
export function overlaysPlugin(read: () => ChartOverlays, colors: ChartColors, onHit: (hit: OverlayHit | null) => void): uPlot.Plugin {
  // Neutral, so the forecast of the field is not taken for one of a grouped chart's series.
  const forecastColor = colors.text;
  let hitKey = '';

  const inPlot = (plot: uPlot, draw: (ctx: CanvasRenderingContext2D) => void) => {
    const { ctx, bbox } = plot;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    draw(ctx);
    ctx.restore();
  };

  // Behind the series: annotation spans and the forecast band.
  const drawBehind = (plot: uPlot) => {
    const overlays = read();
    const forecast = forecastAfter(overlays.forecast, newestTime(plot));
    inPlot(plot, (ctx) => {
      const { top, height } = plot.bbox;
      ctx.fillStyle = colors.accent;
      ctx.globalAlpha = 0.1;
      for (const mark of overlays.annotations) {
        if (mark.timeEnd === null) continue;
        const left = plot.valToPos(mark.time, 'x', true);
        ctx.fillRect(left, top, Math.max(1, plot.valToPos(mark.timeEnd, 'x', true) - left), height);
      }
      if (forecast.length > 1) {
        ctx.globalAlpha = 0.16;
        ctx.fillStyle = forecastColor;
        ctx.beginPath();
        forecast.forEach((point, index) => ctx[index ? 'lineTo' : 'moveTo'](plot.valToPos(point.time, 'x', true), plot.valToPos(point.upper, 'y', true)));
        for (const point of [...forecast].reverse()) ctx.lineTo(plot.valToPos(point.time, 'x', true), plot.valToPos(point.lower, 'y', true));
        ctx.closePath();
        ctx.fill();
      }
    });
  };

  // Over the series: annotation lines and flags, the forecast line, anomaly rings.
  const drawOver = (plot: uPlot) => {
    const overlays = read();
    const ratio = uPlot.pxRatio;
    const forecast = forecastAfter(overlays.forecast, newestTime(plot));
    inPlot(plot, (ctx) => {
      const { top, height } = plot.bbox;
      ctx.strokeStyle = colors.accent;
      ctx.fillStyle = colors.accent;
      ctx.lineWidth = ratio;
      ctx.setLineDash([4 * ratio, 3 * ratio]);
      for (const mark of overlays.annotations) {
        for (const time of mark.timeEnd === null ? [mark.time] : [mark.time, mark.timeEnd]) {
          const x = Math.round(plot.valToPos(time, 'x', true)) + 0.5;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        const x = plot.valToPos(mark.time, 'x', true);
        ctx.beginPath();
        ctx.moveTo(x - FLAG_PX * ratio, top);
        ctx.lineTo(x + FLAG_PX * ratio, top);
        ctx.lineTo(x, top + FLAG_PX * 1.4 * ratio);
        ctx.closePath();
        ctx.fill();
      }
      if (forecast.length > 1) {
        ctx.strokeStyle = forecastColor;
        ctx.lineWidth = 1.5 * ratio;
        ctx.setLineDash([6 * ratio, 4 * ratio]);
        ctx.beginPath();
        forecast.forEach((point, index) => ctx[index ? 'lineTo' : 'moveTo'](plot.valToPos(point.time, 'x', true), plot.valToPos(point.mean, 'y', true)));
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.lineWidth = 2 * ratio;
      ctx.strokeStyle = colors.danger;
      ctx.fillStyle = colors.surface;
      for (const anomaly of overlays.anomalies) {
        ctx.beginPath();
        ctx.arc(plot.valToPos(anomaly.time, 'x', true), plot.valToPos(anomaly.value, 'y', true), ANOMALY_RADIUS_PX * ratio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    });
  };

  const findHit = (plot: uPlot): OverlayHit | null => {
    const { left, top } = plot.cursor;
    if (left === undefined || top === undefined || left < 0 || top < 0) return null;
    const overlays = read();
    const origin = { left: plot.over.offsetLeft, top: plot.over.offsetTop };
    let nearest: { mark: AnomalyMark; distance: number; x: number; y: number } | null = null;
    for (const mark of overlays.anomalies) {
      const x = plot.valToPos(mark.time, 'x');
      const y = plot.valToPos(mark.value, 'y');
      const distance = Math.hypot(x - left, y - top);
      if (distance <= ANOMALY_HIT_PX && (!nearest || distance < nearest.distance)) nearest = { mark, distance, x, y };
    }
    if (nearest) return { kind: 'anomaly', mark: nearest.mark, left: origin.left + nearest.x, top: origin.top + nearest.y };
    for (const mark of overlays.annotations) {
      const start = plot.valToPos(mark.time, 'x');
      const end = mark.timeEnd === null ? start : plot.valToPos(mark.timeEnd, 'x');
      if (left >= start - ANNOTATION_HIT_PX && left <= end + ANNOTATION_HIT_PX) {
        const middle = (Math.max(start, 0) + Math.min(end, plot.over.clientWidth)) / 2;
        return { kind: 'annotation', mark, left: origin.left + middle, top: origin.top + FLAG_PX * 2 };
      }
    }
    return null;
  };

  return {
    hooks: {
      drawAxes: [drawBehind],
      draw: [drawOver],
      setCursor: [
        (plot) => {
          const hit = findHit(plot);
          // The pointer moves at 60 Hz or more; React hears only when what is under it changes.
          const key = hit ? `${hit.kind}:${hit.kind === 'annotation' ? hit.mark.id : hit.mark.time}` : '';
          if (key === hitKey) return;
          hitKey = key;
          onHit(hit);
        },
      ],
    },
  };
}
