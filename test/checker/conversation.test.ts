// The TCP exchange of the checks when the student's server closes mid-conversation: whichever comes
// first (the close reaching the page, or the bridge letting the socket go before our next send), the
// verdict is the same "stopped after" finding, never an internal error.
import { describe, expect, it } from 'vitest';
import { LabError, toBase64, type LabClient } from '../../protocol/client.js';
import type { Event as LabEvent } from '../../protocol/messages.js';
import { ECHO_SERVER_CASES } from '../../web/checker/tcp-server.js';
import type { CheckContext } from '../../web/checker/types.js';

/** A client whose server answers the first message, then closes; `closeSeen` says whether the page
 * hears the close before its second send, or only learns it from the send's refusal. */
function readsOnce(closeSeen: boolean): LabClient {
  const listeners = new Set<(e: LabEvent) => void>();
  const emit = (e: unknown) => listeners.forEach((l) => l(e as LabEvent));
  let sends = 0;
  const client = {
    onEvent(l: (e: LabEvent) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    tcpConnect(sock: string) {
      return Promise.resolve({ type: 'tcp.connected', sock, local: { address: '127.0.0.1', port: 40000 }, remote: { address: '127.0.0.1', port: 9 } });
    },
    tcpSend(sock: string, data: Uint8Array) {
      sends++;
      if (sends === 1) {
        emit({ type: 'tcp.received', sock, data: toBase64(data) });
        if (closeSeen) emit({ type: 'tcp.peerClosed', sock });
        return Promise.resolve();
      }
      return Promise.reject(new LabError('LAB_NO_SUCH_SOCKET', `There is no open socket "${sock}" in this session.`));
    },
    async tcpShutdown() {},
    async closeSocket() {},
  };
  return client as unknown as LabClient;
}

const context = (client: LabClient): CheckContext => {
  let n = 0;
  return { client, host: '127.0.0.1', port: 9, newId: (p) => `${p}-${++n}`, waitMs: 2000, labPorts: {} };
};

describe('a server that reads once from a persistent client', () => {
  const persistent = ECHO_SERVER_CASES.find((c) => c.id === 'persistent')!;
  it.each([true, false])('is "stopped after 1" whether or not the close arrived first (close seen: %s)', async (closeSeen) => {
    const result = await persistent.run(context(readsOnce(closeSeen)));
    expect(result).toMatchObject({ ok: false, finding: { code: 'stopped-after', params: { answered: 1, message: 2 } } });
  });
});
