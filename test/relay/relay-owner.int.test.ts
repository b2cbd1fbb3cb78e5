// A relay belongs to the session (the page) that started it: closing it, or the page going away,
// frees its port at once for another page; a busy port is refused with the OS code, at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { LabClient } from '../../protocol/client.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';
import { eventually, rejection } from '../bridge/helpers/lab.js';
import { freePort, tcpConnectable, udpBindable } from '../bridge/helpers/peers.js';

let bridge: RunningBridge;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
});

const target = () => ({ host: '127.0.0.1', port: bridge.servers['udp-upper']! });

describe('who owns a relay', () => {
  for (const proto of ['udp', 'tcp'] as const) {
    it(`a second page is refused a busy ${proto.toUpperCase()} relay port with EADDRINUSE at once, and gets it once the first page closes its relay`, async () => {
      const port = await freePort(proto);
      const a = await bridge.connect();
      const b = await bridge.connect();
      try {
        await a.relayStart(`${proto}-path`, proto, target(), { port });
        const refused = await rejection(b.relayStart(`${proto}-path`, proto, target(), { port }));
        expect(refused.code).toBe('EADDRINUSE');
        // the failed start left nothing behind: the same id can be tried again
        await a.closeSocket(`${proto}-path`);
        const started = await b.relayStart(`${proto}-path`, proto, target(), { port });
        expect(started.listen.port).toBe(port);
      } finally {
        a.close();
        b.close();
      }
    });
  }

  it('closing the page (its WebSocket) frees both relay ports', async () => {
    const udp = await freePort('udp');
    const tcp = await freePort('tcp');
    const a: LabClient = await bridge.connect();
    await a.relayStart('udp-path', 'udp', target(), { port: udp });
    await a.relayStart('tcp-path', 'tcp', target(), { port: tcp });
    expect(await udpBindable(udp)).toBe(false);
    expect(await tcpConnectable(tcp)).toBe(true);
    a.close();
    await eventually(async () => (await udpBindable(udp)) && !(await tcpConnectable(tcp)), 5000, 'relay ports freed');
  });
});
