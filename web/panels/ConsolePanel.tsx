// A console in a lesson: the textbook client, the textbook server, or command mode, in a real
// terminal (xterm) talking to real sockets through the bridge. The terminal and its program live in
// web/console/; this is the frame around them: header, connection state, keys, the server's
// client command, and a live region that repeats each printed line for screen readers.
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsoleHeader } from '../console/ConsoleHeader.js';
import { ServerClientHint } from '../console/ServerClientHint.js';
import { programNamespaces } from '../console/programs.js';
import { useConsole } from '../console/use-console.js';
import '../console/console.css';
import { useLabState } from '../lab/react.js';
import type { SpecOf } from './types.js';

export function ConsolePanel({ spec, panelId }: { spec: SpecOf<'console'>; panelId: string }) {
  // the program's own strings (lesson 8's HTTP client...) are fetched with the console: it waits
  // for them under its slot's Suspense, so its first line is already in words
  const namespaces = useMemo(() => ['console', ...programNamespaces(spec)], [spec]);
  const { t } = useTranslation(namespaces);
  const keys = useRef<HTMLParagraphElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const connection = useLabState((s) => s.connection.status);
  const label = t(`panel.label.${spec.role}`, { proto: spec.proto.toUpperCase() });
  // Esc hands the keyboard back to the page: focus moves just past the terminal, so the next Tab
  // goes on through the page (and Shift-Tab comes back)
  const leave = useCallback(() => keys.current?.focus(), []);
  const view = useConsole(spec, screen, label, leave);

  return (
    <section
      className="console-panel"
      aria-label={label}
      data-panel-id={panelId}
      data-console-role={spec.role}
      data-console-status={view.status}
      data-console-socket={view.sock ?? ''}
    >
      <ConsoleHeader spec={spec} sock={view.sock} commandMode={view.commandMode} />
      {connection !== 'open' && (
        <p className="console-connection" role="status">
          {t(`panel.connection.${connection}`)}
        </p>
      )}
      <div ref={screen} className="console-screen" role="group" aria-label={label} onClick={view.focus} />
      <p ref={keys} className="console-keys" tabIndex={-1}>
        {t('panel.keys')}
      </p>
      {spec.role === 'server' && <ServerClientHint spec={spec} sock={view.sock} />}
      <div className="console-live" aria-live="polite" aria-label={t('panel.outputLabel')} data-testid="console-output">
        {view.lines.map((line) => (
          <div key={line.id} data-tone={line.tone}>
            {line.text}
          </div>
        ))}
      </div>
    </section>
  );
}
