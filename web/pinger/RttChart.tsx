// A bar per ping: its RTT, or a cross where it timed out. The scale is the timeout, so a bar near
// the top is a reply that almost came too late.
import { useTranslation } from 'react-i18next';
import type { Ping } from './pinger.js';

export function RttChart({ pings, count, timeoutMs }: { pings: Ping[]; count: number; timeoutMs: number }) {
  const { t } = useTranslation('pinger');
  const width = 320;
  const height = 140;
  const pad = 24;
  const slot = (width - pad) / Math.max(count, 1);
  const max = Math.max(1, ...pings.map((p) => p.rttMs ?? 0));
  // a log-ish scale so sub-millisecond loopback RTTs and slow paths both show
  const y = (ms: number) => (Math.log10(1 + ms) / Math.log10(1 + Math.max(max, 10))) * (height - pad);
  return (
    <svg className="rtt-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('chart', { timeout: timeoutMs })} data-testid="rtt-chart">
      <line x1={pad} y1={height - pad} x2={width} y2={height - pad} className="axis" />
      <text x={2} y={12} className="label">
        {max.toFixed(max < 10 ? 2 : 0)} ms
      </text>
      {pings.map((p, i) => {
        const x = pad + i * slot + slot * 0.2;
        const w = slot * 0.6;
        if (p.rttMs === undefined) {
          const cy = height - pad - 10;
          return (
            <g key={p.n} className="lost">
              <line x1={x} y1={cy - 6} x2={x + w} y2={cy + 6} />
              <line x1={x} y1={cy + 6} x2={x + w} y2={cy - 6} />
            </g>
          );
        }
        const h = Math.max(2, y(p.rttMs));
        return <rect key={p.n} x={x} y={height - pad - h} width={w} height={h} className="bar" />;
      })}
      {Array.from({ length: count }, (_, i) => (
        <text key={i} x={pad + i * slot + slot / 2} y={height - 8} className="label" textAnchor="middle">
          {i + 1}
        </text>
      ))}
    </svg>
  );
}
