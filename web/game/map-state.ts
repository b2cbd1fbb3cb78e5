// The map as the page knows it: the result of the latest ["update"] reply, checked before it is
// drawn (the bytes come from the network). Pure; the map panel draws what this returns.
import { z } from '../../protocol/zod.js';

/** Bounds for drawing: the lab's map is 10 x 10, but the page draws what the server says, within reason. */
const MAX_SIDE = 50;
const MAX_PLAYERS = 500;

const Player = z.object({
  name: z.string().check(z.maxLength(40)),
  pos: z.tuple([z.int(), z.int()]),
  visual: z.catch(z.string().check(z.maxLength(8)), '?'),
  say: z.catch(z.string().check(z.maxLength(200)), ''),
});
const Update = z.object({
  size: z.tuple([z.int().check(z.minimum(1), z.maximum(MAX_SIDE)), z.int().check(z.minimum(1), z.maximum(MAX_SIDE))]),
  players: z.array(Player).check(z.maxLength(MAX_PLAYERS)),
});

export type MapPlayer = z.infer<typeof Player>;

export interface GameMap {
  width: number;
  height: number;
  /** Players on the map, sorted by name so the drawing and its text list stay stable. */
  players: MapPlayer[];
}

/** The map an ["update"] result describes, or undefined if it is not one. Players off the map
 * are left out rather than drawn outside it. */
export function mapFromUpdate(result: unknown): GameMap | undefined {
  const parsed = Update.safeParse(result);
  if (!parsed.success) return undefined;
  const [width, height] = parsed.data.size;
  const players = parsed.data.players
    .filter(({ pos: [x, y] }) => x >= 0 && y >= 0 && x < width && y < height)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { width, height, players };
}

/** Who moved between two maps: name -> [from, to], for the panel's "what changed" line. */
export function movedBetween(before: GameMap | undefined, after: GameMap): { name: string; from?: [number, number]; to: [number, number] }[] {
  const old = new Map(before?.players.map((p) => [p.name, p.pos]) ?? []);
  return after.players.flatMap((p) => {
    const from = old.get(p.name);
    if (from && from[0] === p.pos[0] && from[1] === p.pos[1]) return [];
    return [{ name: p.name, ...(from ? { from } : {}), to: p.pos }];
  });
}

/** The step each arrow key asks for. y grows downwards, as rows on a screen do. */
export const ARROWS: Record<string, [dx: -1 | 0 | 1, dy: -1 | 0 | 1]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};
