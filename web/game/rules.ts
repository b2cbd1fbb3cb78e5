// Lesson 7's observe rules, registered in web/lessons/rules.ts: they decode the game protocol's
// frames from the page's connections to the lab's game server and pair each request with its
// reply (request/reply: the nth reply of a connection answers its nth request).
import type { RuleInput, RuleResult } from '../lessons/rules/index.js';
import { pageStreamsTo, type PageStream } from '../http/trace-streams.js';
import { ReplyReader, RequestReader, type GameReply } from './game-protocol.js';

const NOT_YET: RuleResult = { passed: false };

export interface GameTurn {
  sock: string;
  /** The request, or undefined when its frame was not a JSON list. */
  request: unknown[] | undefined;
  reply: GameReply;
  /** The trace number of the event that completed the reply. */
  seq: number;
}

/** One connection's requests paired with their replies, in order. */
export function turnsOf(stream: PageStream): GameTurn[] {
  const requests = new RequestReader();
  const sent = stream.sent.flatMap((c) => requests.push(c.bytes));
  const replies = new ReplyReader();
  const turns: GameTurn[] = [];
  for (const chunk of stream.received) {
    for (const item of replies.push(chunk.bytes)) {
      if (item.kind !== 'reply') continue;
      const request = sent[turns.length];
      turns.push({ sock: stream.sock, request: request?.request, reply: item.reply, seq: chunk.seq });
    }
  }
  return turns;
}

function turnsWith(input: RuleInput, server: string): GameTurn[][] | undefined {
  const lab = input.servers.find((s) => s.name === server && s.state === 'running');
  if (!lab) return undefined;
  return pageStreamsTo(input.trace, lab.port).map(turnsOf);
}

/** On one connection: a login (or new) answered [true], then a move answered [true]. */
export function gameLoggedInMoved(input: RuleInput, { server }: { server: string }): RuleResult {
  let best: number | undefined;
  for (const turns of turnsWith(input, server) ?? []) {
    let loggedIn = false;
    for (const turn of turns) {
      const command = turn.request?.[0];
      const yes = turn.reply.ok && turn.reply.result === true;
      if ((command === 'login' || command === 'new') && yes) loggedIn = true;
      else if (command === 'move' && yes && loggedIn) {
        best = Math.min(best ?? Infinity, turn.seq);
        break;
      }
    }
  }
  return best === undefined ? NOT_YET : { passed: true, seq: best };
}

/** A command that needs a login was refused because the connection had not logged in. */
export function gameRefusedBeforeLogin(input: RuleInput, { server }: { server: string }): RuleResult {
  let best: number | undefined;
  for (const turns of turnsWith(input, server) ?? []) {
    const refused = turns.find((t) => !t.reply.ok && t.reply.error.error === 'LOGIN_REQUIRED');
    if (refused) best = Math.min(best ?? Infinity, refused.seq);
  }
  return best === undefined ? NOT_YET : { passed: true, seq: best };
}
