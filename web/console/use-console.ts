// The React side of a console: makes the terminal, the controller and the program when the panel
// mounts, and disposes all three when it unmounts. Printed lines are collected (a frame at a time)
// for the screen-reader live region.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from '../lab/react.js';
import type { Target } from '../lab/targets.js';
import type { SpecOf } from '../panels/types.js';
import { ConsoleController, type ConsoleStatus } from './controller.js';
import type { Tone } from './io.js';
import { LabLink } from './link.js';
import { startProgram } from './programs.js';
import { ConsoleTerminal } from './terminal.js';

export interface PrintedLine {
  id: number;
  text: string;
  tone: Tone | 'input';
}

/** The live region keeps this many lines: enough to re-read the last exchange. */
const KEPT_LINES = 60;

export interface ConsoleView {
  status: ConsoleStatus;
  lines: PrintedLine[];
  sock: string | undefined;
  commandMode: boolean;
  focus: () => void;
}

export function useConsole(spec: SpecOf<'console'>, container: React.RefObject<HTMLDivElement | null>, ariaLabel: string, onEscape: () => void): ConsoleView {
  const lab = useLab();
  const { t } = useTranslation('console');
  const tRef = useRef(t);
  tRef.current = t;
  const escapeRef = useRef(onEscape);
  escapeRef.current = onEscape;
  const terminalRef = useRef<ConsoleTerminal | undefined>(undefined);
  const [status, setStatus] = useState<ConsoleStatus>('busy');
  const [lines, setLines] = useState<PrintedLine[]>([]);
  const [sock, setSock] = useState<string | undefined>(undefined);
  const [commandMode, setCommandMode] = useState(spec.role === 'command');

  const { role, proto, port, bufsize, persistent, multiline } = spec;
  const targetKey = JSON.stringify(spec.target ?? null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let pending: PrintedLine[] = [];
    let frame = 0;
    let nextId = 0;
    const flush = () => {
      frame = 0;
      const added = pending;
      pending = [];
      setLines((prev) => [...prev, ...added].slice(-KEPT_LINES));
    };
    // eslint-disable-next-line prefer-const -- the terminal's callbacks may read it before it is assigned (a const would throw there)
    let controller: ConsoleController | undefined;
    const terminal = new ConsoleTerminal(element, {
      ariaLabel,
      onData: (data) => controller?.input(data),
      onResize: () => controller?.resized(),
      onEscape: () => escapeRef.current(),
    });
    terminalRef.current = terminal;
    controller = new ConsoleController(terminal, () => tRef.current, {
      onLine: (text, tone) => {
        pending.push({ id: nextId++, text, tone });
        if (!frame) frame = requestAnimationFrame(flush);
      },
      onStatus: setStatus,
    });
    const link = new LabLink({
      ready: () => lab.ready(),
      newSocketId: (prefix) => lab.newSocketId(prefix),
      servers: () => lab.store.getState().servers,
      holding: (port) => Object.values(lab.store.getState().relays).some((r) => !r.closed && r.listen.port === port && (r.held || r.waiting.length > 0)),
    });
    const stop = startProgram(
      { type: 'console', role, proto, port, bufsize, persistent, multiline, target: (JSON.parse(targetKey) as Target | null) ?? undefined },
      controller,
      link,
      {
        onSocket: setSock,
        onCommandMode: setCommandMode,
      },
    );
    return () => {
      cancelAnimationFrame(frame);
      stop();
      controller.dispose();
      link.dispose();
      terminal.dispose();
      terminalRef.current = undefined;
    };
    // the label follows the language in the effect below; everything else restarts the console
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lab, role, proto, port, bufsize, persistent, multiline, targetKey, container]);

  useEffect(() => terminalRef.current?.setAriaLabel(ariaLabel), [ariaLabel]);

  return { status, lines, sock, commandMode, focus: () => terminalRef.current?.focus() };
}
