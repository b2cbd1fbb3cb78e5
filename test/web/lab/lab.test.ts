// The page's lab core in Node: a fake WebSocket, a fake probe and a hand-driven clock stand in for
// the browser, so connecting, reconnecting with back-off and the refused-token path run here.
import { describe, expect, it } from 'vitest';
import { Lab, readToken, RETRY_FIRST_MS, RETRY_MAX_MS, UNAUTHORIZED_RETRY_MS } from '../../../web/lab/lab.js';
import { FakeSocket } from './fake-socket.js';

/** A clock the test advances by hand: what is scheduled, and after how long. */
class ManualClock {
  pending: { run: () => void; ms: number }[] = [];
  schedule = (run: () => void, ms: number) => {
    const entry = { run, ms };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((e) => e !== entry);
    };
  };
  /** Runs the one pending task; returns how long it was scheduled for. */
  fire(): number {
    expect(this.pending).toHaveLength(1);
    const [entry] = this.pending.splice(0, 1);
    entry!.run();
    return entry!.ms;
  }
}

function setup(options: { token?: string; bridgeUp?: boolean } = {}) {
  const sockets: FakeSocket[] = [];
  const clock = new ManualClock();
  const state = { bridgeUp: options.bridgeUp ?? false, probes: 0 };
  const lab = new Lab({
    token: 'token' in options ? options.token : 'secret',
    wsUrl: 'ws://127.0.0.1:8400/ws',
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    probe: () => {
      state.probes++;
      return Promise.resolve(state.bridgeUp);
    },
    schedule: clock.schedule,
  });
  const status = () => lab.store.getState().connection.status;
  return { lab, sockets, clock, state, status, last: () => sockets[sockets.length - 1]! };
}

/** Lets the promise callbacks of a refused connection (connect's rejection, then the probe) run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Lab', () => {
  it('is unauthorized at once, opening nothing, without a token', () => {
    const { lab, sockets, status } = setup({ token: undefined });
    lab.start();
    expect(status()).toBe('unauthorized');
    expect(sockets).toHaveLength(0);
  });

  it('connects with the token in the address, asking for batches, and hands the client to whoever waits for it', async () => {
    const { lab, last, status } = setup();
    const ready = lab.ready();
    lab.start();
    expect(status()).toBe('connecting');
    expect(last().url).toBe('ws://127.0.0.1:8400/ws?token=secret&batch=1');
    last().accept('s1');
    const client = await ready;
    expect(client).toBe(lab.client);
    lab.store.flush();
    expect(status()).toBe('open');
  });

  it('backs off 500 ms, 1 s, 2 s, 4 s, then every 5 s while the bridge is down', async () => {
    const { lab, last, clock, status } = setup({ bridgeUp: false });
    lab.start();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      last().refuse();
      await settled();
      expect(status()).toBe('down');
      waits.push(clock.fire());
    }
    expect(waits).toEqual([RETRY_FIRST_MS, 1000, 2000, 4000, RETRY_MAX_MS, RETRY_MAX_MS]);
  });

  it('starts the back-off again from 500 ms after a connection that opened', async () => {
    const { lab, last, clock } = setup();
    lab.start();
    last().refuse();
    await settled();
    clock.fire(); // 500
    last().refuse();
    await settled();
    clock.fire(); // 1000
    last().accept();
    await lab.ready();
    last().close(1001, 'going away');
    // (the 'closed' status with its code is replaced at once by 'down', which says when it retries)
    expect(lab.store.getState().connection).toEqual({ status: 'down', retryInMs: RETRY_FIRST_MS });
    expect(lab.client).toBeUndefined();
    expect(clock.fire()).toBe(RETRY_FIRST_MS);
  });

  it('tells a refused token (the page is served, the upgrade is not) from a bridge that is down', async () => {
    const { lab, last, clock, state, status } = setup({ bridgeUp: true });
    lab.start();
    last().refuse();
    await settled();
    expect(state.probes).toBe(1);
    expect(status()).toBe('unauthorized');
    // it keeps trying at a steady pace: the lab may have been restarted with this token
    expect(clock.fire()).toBe(UNAUTHORIZED_RETRY_MS);
    expect(status()).toBe('connecting');
  });

  it('stops retrying and closes the connection when disposed', async () => {
    const { lab, last, clock } = setup();
    lab.start();
    last().refuse();
    await settled();
    expect(clock.pending).toHaveLength(1);
    lab.dispose();
    expect(clock.pending).toHaveLength(0);

    const second = setup();
    second.lab.start();
    second.last().accept();
    await second.lab.ready();
    second.lab.dispose();
    expect(second.last().readyState).toBe(3);
    expect(second.clock.pending).toHaveLength(0);
  });

  it('closes a connection that opens after dispose', async () => {
    const { lab, last } = setup();
    lab.start();
    lab.dispose();
    last().accept();
    await settled();
    expect(last().readyState).toBe(3);
    expect(lab.client).toBeUndefined();
  });
});

describe('readToken', () => {
  const storage = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };

  it('takes the token from the address, remembers it and removes it from the address', () => {
    const store = storage();
    const urls: string[] = [];
    expect(readToken({ search: '?token=abc&lang=ko', pathname: '/', hash: '#/lesson/3' }, store, (u) => urls.push(u))).toBe('abc');
    expect(urls).toEqual(['/?lang=ko#/lesson/3']);
    expect(readToken({ search: '', pathname: '/', hash: '' }, store, (u) => urls.push(u))).toBe('abc');
    expect(urls).toHaveLength(1);
  });

  it('has no token in a fresh browser without one in the address', () => {
    expect(readToken({ search: '', pathname: '/', hash: '' }, storage(), () => undefined)).toBeUndefined();
  });
});
