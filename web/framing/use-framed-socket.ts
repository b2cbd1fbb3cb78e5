// The frame decoder panel's own connection to the framed server: opened by the first send, opened
// again after the server closed it, closed when the panel goes away. Sends are fired without
// waiting for each other. ("Two frames in one go" writes both frames with one send(): two send()
// calls on loopback mostly reach the server apart, and lesson 6 must show them in one recv().)
import { useCallback, useEffect, useRef, useState } from 'react';
import { failureOf, type PanelFailure } from '../panels/errors.js';
import { resolveTarget } from '../lab/targets.js';
import { useLab, useLabState } from '../lab/react.js';

export interface FramedSocket {
  /** The socket id once it exists. */
  sock: string | undefined;
  /** Connected now (a closed socket is replaced by the next send). */
  open: boolean;
  /** Why the last send failed, for PanelError. */
  error: PanelFailure | undefined;
  /** Each buffer is one send(); they leave in order, without waiting for one another. */
  send: (...buffers: Uint8Array[]) => Promise<void>;
  close: () => void;
}

export function useFramedSocket(server: string): FramedSocket {
  const lab = useLab();
  const [sock, setSock] = useState<string | undefined>();
  const [error, setError] = useState<PanelFailure | undefined>();
  // once the server has closed its end (CLOSE_WAIT), the next send opens a new connection
  const open = useLabState((s) => (sock ? s.sockets[sock]?.state === 'ESTABLISHED' : false));
  const current = useRef<{ sock?: string; open: boolean }>({ open: false });
  current.current = { sock, open };

  const send = useCallback(
    async (...buffers: Uint8Array[]) => {
      setError(undefined);
      try {
        const client = await lab.ready();
        let id = current.current.sock;
        if (!id || !current.current.open) {
          if (id) client.closeSocket(id).catch(() => undefined);
          const target = resolveTarget({ server }, lab.store.getState().servers);
          if (!target.ok) throw new Error(`${server}: ${target.reason}`);
          id = lab.newSocketId('framed-client');
          setSock(id);
          await client.tcpConnect(id, target.host, target.port);
          current.current = { sock: id, open: true };
        }
        await Promise.all(buffers.map((b) => client.tcpSend(id, b)));
      } catch (e) {
        setError(failureOf(e));
      }
    },
    [lab, server],
  );

  const close = useCallback(() => {
    const id = current.current.sock;
    if (id) lab.client?.closeSocket(id).catch(() => undefined);
  }, [lab]);

  // the panel owns its socket: it goes when the panel goes
  useEffect(() => () => void (current.current.sock && lab.client?.closeSocket(current.current.sock).catch(() => undefined)), [lab]);

  return { sock, open, error, send, close };
}
