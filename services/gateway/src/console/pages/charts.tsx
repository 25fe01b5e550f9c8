import { formatYen } from '@kessai/web';
import type { DayCollections } from '../../domain/console/collections';

/**
 * Charts drawn on the server as SVG (no script, nothing to load): colours are
 * presentation attributes, not style=, so the CSP holds. Each chart has a text
 * alternative and the same figures are in a table beside it.
 */
const PRELIMINARY = '#4a6fb8';
const CONFIRMED = '#1f4e9c';

export function CollectionsChart({ days, title, labels }: { days: DayCollections[]; title: string; labels: { preliminary: string; confirmed: string } }) {
  const width = 640;
  const height = 200;
  const pad = { left: 8, bottom: 24, top: 12 };
  const max = Math.max(1, ...days.map((d) => d.preliminary + d.confirmed));
  const slot = (width - pad.left) / days.length;
  const bar = Math.max(4, slot * 0.6);
  const scale = (v: number) => ((height - pad.bottom - pad.top) * v) / max;
  const summary = `${title}: ${days.map((d) => `${d.date} ${formatYen(d.preliminary + d.confirmed)}`).join(', ')}`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} class="chart__svg">
        <title>{title}</title>
        {days.map((d, i) => {
          const x = pad.left + i * slot + (slot - bar) / 2;
          const hc = scale(d.confirmed);
          const hp = scale(d.preliminary);
          const base = height - pad.bottom;
          return (
            <g key={d.date}>
              <rect x={x} y={base - hc} width={bar} height={hc} fill={CONFIRMED} />
              <rect x={x} y={base - hc - hp} width={bar} height={hp} fill={PRELIMINARY} />
              {i % 2 === days.length % 2 ? null : (
                <text x={x + bar / 2} y={height - 6} font-size="11" text-anchor="middle" fill="#333">
                  {d.date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={pad.left} x2={width} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#555" />
      </svg>
      <figcaption>
        {title} — <span class="legend legend--confirmed">■</span> {labels.confirmed} <span class="legend legend--preliminary">■</span> {labels.preliminary}
      </figcaption>
    </figure>
  );
}

export function RateChart({ rate, title, label }: { rate: number | null; title: string; label: string }) {
  const width = 320;
  const value = rate ?? 0;
  return (
    <figure class="chart chart--small">
      <svg viewBox={`0 0 ${width} 40`} role="img" aria-label={`${title}: ${rate === null ? label : `${value}%`}`} class="chart__svg">
        <title>{title}</title>
        <rect x="0" y="8" width={width} height="24" fill="#e4e7ec" />
        <rect x="0" y="8" width={(width * value) / 100} height="24" fill={value >= 95 ? '#1d6b36' : value >= 80 ? '#8a5a00' : '#a4161a'} />
      </svg>
      <figcaption>
        {title}: {rate === null ? label : `${value}%`}
      </figcaption>
    </figure>
  );
}
