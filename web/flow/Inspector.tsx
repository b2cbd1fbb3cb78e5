// What one arrow carried: its payload as text and as a hex dump, the socket calls at both ends,
// and the headers each layer puts in front of it (rebuilt: the lab sees calls, not packets).
import { useEffect, useRef } from 'react';
import type { Event } from '../../protocol/messages.js';
import { callOf } from '../lab/calls.js';
import type { Header } from '../net/headers.js';
import { addrKey } from './addresses.js';
import { lineLabel, relayFacts, relayTag, type Translate } from './describe.js';
import { rowHeaders } from './inspect.js';
import { decodePieces, hexDump, payloadBytes } from './payload.js';
import type { ArrowRow, FlowView } from './types.js';

interface Props {
  row: ArrowRow;
  view: FlowView;
  t: Translate;
  /** The trace event with this number, if the trace still holds it. */
  eventOf: (seq: number | undefined) => Event | undefined;
  onClose: () => void;
}

export function Inspector({ row, view, t, eventOf, onClose }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [row.row]);
  const bytes = payloadBytes(row.data);
  const headers = rowHeaders(row);
  const calls = [eventOf(row.sentSeq), eventOf(row.recvSeq)].flatMap((e) => {
    const call = e ? callOf(e) : undefined;
    return e && call && 'sock' in e && e.sock ? [t('inspector.callOn', { call, sock: e.sock })] : [];
  });
  const end = (id: string, a: ArrowRow['src']) => `${lineLabel(view, id)}${a ? ` (${addrKey(a)})` : ''}`;
  const total = headers ? headers.reduce((n, h) => n + h.bytes.length, 0) + row.size : undefined;

  return (
    <aside
      className="flow-inspector"
      aria-labelledby={`flow-inspector-${row.row}`}
      data-testid="flow-inspector"
      data-row={row.row}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onClose();
      }}
    >
      <header className="flow-inspector-top">
        <h3 id={`flow-inspector-${row.row}`} ref={heading} tabIndex={-1}>
          {t(`inspector.title.${row.arrow}`)}
          {row.byOs ? <span className="flow-badge">{t('byOs')}</span> : null}
          {row.relay && relayTag(row, t) ? <span className="flow-badge">{relayTag(row, t)}</span> : null}
        </h3>
        <button type="button" onClick={onClose} data-testid="flow-inspector-close">
          {t('inspector.close')}
        </button>
      </header>
      <dl className="flow-facts">
        <dt>{t('inspector.from')}</dt>
        <dd data-testid="flow-inspector-from">{end(row.from, row.src)}</dd>
        <dt>{t('inspector.to')}</dt>
        <dd data-testid="flow-inspector-to">{end(row.to, row.dst)}</dd>
        <dt>{t('inspector.status')}</dt>
        <dd className={`is-${row.status}`} data-testid="flow-inspector-status" data-status={row.status}>
          {t(`fate.${row.status}`)}
          {row.code ? ` (${row.code})` : ''}
        </dd>
        {row.relay ? (
          <>
            <dt>{t('inspector.relay')}</dt>
            <dd className="flow-relay-facts" data-testid="flow-inspector-relay" data-dir={row.relay.dir} data-packets={row.relay.packets.join(' ')}>
              {relayFacts(row.relay, t).join(' ')}
            </dd>
          </>
        ) : null}
      </dl>
      {row.stream ? (
        <p className="flow-note">
          {t('inspector.stream', { start: row.stream.start, last: Math.max(row.stream.start, row.stream.end - 1), count: row.reads ?? 0 })}
        </p>
      ) : null}
      {row.truncated ? <p className="flow-note">{t('inspector.truncated')}</p> : null}

      <h4>{t('inspector.calls')}</h4>
      {calls.length > 0 ? (
        <ul className="flow-calls" data-testid="flow-inspector-calls">
          {calls.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p>{row.wire ? t('pcap:noCall') : t('inspector.noCall')}</p>
      )}

      <h4>
        {t('inspector.payload')} <span className="flow-muted">({t('bytes', { count: row.size })})</span>
      </h4>
      {row.size === 0 ? <p>{t('inspector.noPayload')}</p> : <Payload bytes={bytes} size={row.size} t={t} />}

      <h4>{t('inspector.headers')}</h4>
      {row.proto === 'tcp' ? <p className="flow-note">{t('inspector.tcpNote')}</p> : null}
      {headers ? (
        <>
          {headers.map((h) => (
            <HeaderTable key={h.layer} header={h} t={t} />
          ))}
          <p className="flow-note">{t('inspector.onWire', { count: total, transport: row.proto.toUpperCase() })}</p>
          <p className="flow-note">{t('inspector.reconstructedNote')}</p>
        </>
      ) : (
        <p>{t('inspector.noHeaders')}</p>
      )}
    </aside>
  );
}

function Payload({ bytes, size, t }: { bytes: Uint8Array; size: number; t: Translate }) {
  const pieces = decodePieces(bytes);
  const invalid = pieces.some((p) => p.kind === 'escape' && p.invalid);
  return (
    <>
      {bytes.length < size ? <p className="flow-note">{t('inspector.payloadPartial', { seen: bytes.length, count: size })}</p> : null}
      <h5>{t('inspector.text')}</h5>
      <p className="flow-text" data-testid="flow-inspector-text">
        {pieces.map((p, i) =>
          p.kind === 'text' ? (
            <span key={i}>{p.text}</span>
          ) : (
            <span key={i} className={p.invalid ? 'flow-escape is-invalid' : 'flow-escape'}>
              {p.text}
            </span>
          ),
        )}
      </p>
      {invalid ? <p className="flow-note">{t('inspector.invalidNote')}</p> : null}
      <h5>{t('inspector.hex')}</h5>
      <pre className="flow-hex" data-testid="flow-inspector-hex">
        {hexDump(bytes)
          .map((l) => `${l.offset}  ${l.hex}  ${l.ascii}`)
          .join('\n')}
      </pre>
    </>
  );
}

function HeaderTable({ header, t }: { header: Header; t: Translate }) {
  return (
    <table className="flow-header-table" data-testid={`flow-header-${header.layer}`}>
      <caption>
        {t(`inspector.layer.${header.layer}`)} <span className="flow-muted">({t('bytes', { count: header.bytes.length })})</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('inspector.field')}</th>
          <th scope="col">{t('inspector.value')}</th>
          <th scope="col">{t('inspector.bits')}</th>
          <th scope="col">{t('inspector.meaning')}</th>
        </tr>
      </thead>
      <tbody>
        {header.fields.map((f) => (
          <tr key={f.id} data-field={f.id} data-value={f.value ?? undefined} data-reconstructed={f.reconstructed ? 'true' : undefined}>
            <th scope="row">{t(f.nameKey)}</th>
            <td className="flow-value">
              <code>{f.display}</code>
              {f.reconstructed ? <span className="flow-badge is-reconstructed">{t('inspector.reconstructed')}</span> : null}
            </td>
            <td>{f.bits}</td>
            <td>
              {t(f.meaningKey)}
              {f.noteKey ? <small className="flow-field-note">{t(f.noteKey)}</small> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
