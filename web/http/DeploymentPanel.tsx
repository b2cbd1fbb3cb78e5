// The deployment shape of seed 000's Python API servers, as a picture: clients, a load balancer,
// web servers, a pool of Python workers (uwsgi), one database. Drawn in SVG with the labels in
// the page's language; the caption says in words what the picture shows.
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import './http.css';

const W = 830;
const H = 330;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  sub?: string;
  kind: string;
}

export function DeploymentPanel({ panelId }: PanelProps<SpecOf<'deployment'>>) {
  const { t } = useTranslation('http');
  const clients: Box[] = [0, 1, 2].map((i) => ({
    x: 10,
    y: 40 + i * 95,
    w: 125,
    h: 56,
    label: t('deploy.client'),
    sub: t('deploy.clientSub'),
    kind: 'client',
  }));
  const lb: Box = { x: 180, y: 135, w: 135, h: 60, label: t('deploy.lb'), sub: t('deploy.lbSub'), kind: 'lb' };
  const webs: Box[] = [0, 1].map((i) => ({ x: 370, y: 70 + i * 130, w: 125, h: 60, label: t('deploy.web'), sub: 'nginx', kind: 'web' }));
  const pools: Box[] = [0, 1].map((i) => ({ x: 545, y: 55 + i * 130, w: 140, h: 90, label: t('deploy.pool'), sub: 'uwsgi', kind: 'pool' }));
  const db: Box = { x: 725, y: 130, w: 100, h: 70, label: t('deploy.db'), kind: 'db' };
  const mid = (b: Box, side: 'l' | 'r') => ({ x: side === 'l' ? b.x : b.x + b.w, y: b.y + b.h / 2 });
  const links: [Box, Box][] = [
    ...clients.map((c): [Box, Box] => [c, lb]),
    ...webs.map((w): [Box, Box] => [lb, w]),
    [webs[0]!, pools[0]!],
    [webs[1]!, pools[1]!],
    ...pools.map((p): [Box, Box] => [p, db]),
  ];
  const titleId = `${panelId}-title`;
  return (
    <figure className="deployment" data-testid="deployment">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${titleId}-desc`}>
        <title id={titleId}>{t('deploy.title')}</title>
        <desc id={`${titleId}-desc`}>{t('deploy.caption')}</desc>
        <defs>
          <marker id={`${panelId}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="deployment-arrowhead" />
          </marker>
        </defs>
        {links.map(([a, b], i) => {
          const from = mid(a, 'r');
          const to = mid(b, 'l');
          return <line key={i} x1={from.x} y1={from.y} x2={to.x - 2} y2={to.y} className="deployment-link" markerEnd={`url(#${panelId}-arrow)`} />;
        })}
        {[...clients, lb, ...webs, ...pools, db].map((b, i) => (
          <g key={i} className={`deployment-box deployment-${b.kind}`}>
            {b.kind === 'db' ? (
              <>
                <path d={`M ${b.x} ${b.y + 10} v ${b.h - 20} a ${b.w / 2} 10 0 0 0 ${b.w} 0 v ${-(b.h - 20)}`} />
                <ellipse cx={b.x + b.w / 2} cy={b.y + 10} rx={b.w / 2} ry={10} />
              </>
            ) : (
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} />
            )}
            {b.kind === 'pool' &&
              [0, 1, 2].map((k) => <rect key={k} className="deployment-worker" x={b.x + 19 + k * 36} y={b.y + 48} width={26} height={26} rx={4} />)}
            <text
              x={b.x + b.w / 2}
              y={b.y + (b.kind === 'pool' ? 20 : b.kind === 'db' ? b.h / 2 + 10 : b.h / 2 - 2)}
              textAnchor="middle"
              className="deployment-label"
            >
              {b.label}
            </text>
            {b.sub && (
              <text x={b.x + b.w / 2} y={b.y + (b.kind === 'pool' ? 38 : b.h / 2 + 15)} textAnchor="middle" className="deployment-sub">
                {b.sub}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption>{t('deploy.caption')}</figcaption>
    </figure>
  );
}
