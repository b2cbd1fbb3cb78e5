// The map as an SVG grid: one cell per position, x to the right, y downwards, each player a disc
// with its one-character visual and its name. The page's own player is drawn in the accent colour.
import { useTranslation } from 'react-i18next';
import type { GameMap } from './map-state.js';

const CELL = 40;
const MARGIN = 18; // room for the coordinates along the top and the left

export function MapSvg({ map, me, titleId }: { map: GameMap; me: string | undefined; titleId: string }) {
  const { t } = useTranslation('game');
  const width = MARGIN + map.width * CELL;
  const height = MARGIN + map.height * CELL;
  const description = map.players.map((p) => t('map.player', { name: p.name, x: p.pos[0], y: p.pos[1] })).join('; ');
  return (
    <svg className="game-map-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`}>
      <title id={titleId}>{t('map.svgTitle', { width: map.width, height: map.height, count: map.players.length })}</title>
      <desc id={`${titleId}-desc`}>{description}</desc>
      <g className="game-map-axis" aria-hidden="true">
        {Array.from({ length: map.width }, (_, x) => (
          <text key={`x${x}`} x={MARGIN + x * CELL + CELL / 2} y={MARGIN - 5} textAnchor="middle">
            {x}
          </text>
        ))}
        {Array.from({ length: map.height }, (_, y) => (
          <text key={`y${y}`} x={MARGIN - 5} y={MARGIN + y * CELL + CELL / 2 + 4} textAnchor="end">
            {y}
          </text>
        ))}
      </g>
      <g className="game-map-grid" aria-hidden="true">
        {Array.from({ length: map.height }, (_, y) =>
          Array.from({ length: map.width }, (_, x) => <rect key={`${x},${y}`} x={MARGIN + x * CELL} y={MARGIN + y * CELL} width={CELL} height={CELL} />),
        )}
      </g>
      <g aria-hidden="true">
        {map.players.map((p) => {
          const cx = MARGIN + p.pos[0] * CELL + CELL / 2;
          const cy = MARGIN + p.pos[1] * CELL + CELL / 2;
          return (
            <g key={p.name} className="game-map-player" data-me={p.name === me ? 'true' : undefined} transform={`translate(${cx} ${cy})`}>
              <circle cy={-4} r={CELL * 0.3} />
              <text className="game-map-char" y={1} textAnchor="middle">
                {p.visual}
              </text>
              <text className="game-map-name" y={CELL / 2 - 3} textAnchor="middle">
                {p.name.length > 7 ? `${p.name.slice(0, 6)}…` : p.name}
              </text>
              {p.say && <title>{p.say}</title>}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
