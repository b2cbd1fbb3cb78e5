// The game panels' access to the page's player. The console and the map of one page share one
// connection per game server (one player per page, as one game client is one player), so the map
// draws what the console's ["update"] replies say. It is opened with the first panel that needs it
// and closed when the last one goes.
import { useEffect, useSyncExternalStore } from 'react';
import type { Lab } from '../lab/lab.js';
import { useLab } from '../lab/react.js';
import { GameConnection, type GameSnapshot } from './game-connection.js';

interface Shared {
  conn: GameConnection;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const byLab = new WeakMap<Lab, Map<string, Shared>>();

function shared(lab: Lab, server: string): Shared {
  let all = byLab.get(lab);
  if (!all) byLab.set(lab, (all = new Map<string, Shared>()));
  let entry = all.get(server);
  if (!entry || entry.conn.isDisposed) {
    const conn = new GameConnection({ ready: () => lab.ready(), newSocketId: (p) => lab.newSocketId(p), servers: () => lab.store.getState().servers }, server);
    entry = { conn, users: 0 };
    all.set(server, entry);
  }
  return entry;
}

/** The page's connection to `server`, alive while a panel uses it. */
export function useGameConnection(server: string): GameConnection {
  const lab = useLab();
  const entry = shared(lab, server);
  useEffect(() => {
    const held = shared(lab, server);
    clearTimeout(held.timer);
    held.users++;
    return () => {
      held.users--;
      // a panel that is only re-mounted (React's strict mode, a language switch) keeps the player
      if (held.users === 0) {
        held.timer = setTimeout(() => {
          if (held.users > 0) return;
          held.conn.dispose();
          if (byLab.get(lab)?.get(server) === held) byLab.get(lab)?.delete(server);
        }, 0);
      }
    };
  }, [lab, server]);
  return entry.conn;
}

export function useGameSnapshot(conn: GameConnection): GameSnapshot {
  return useSyncExternalStore(conn.subscribe, conn.getSnapshot);
}
