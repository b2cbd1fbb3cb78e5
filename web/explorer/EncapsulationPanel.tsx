// Encapsulation: the same send as nested boxes, application bytes inside a UDP (or TCP) header
// inside an IP header inside a link-layer frame, with each layer's size. On loopback there is no
// Ethernet, and the panel says so.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { encapsulationOf, type Encapsulation, type LayerSize } from './layers.js';
import { PacketPicker } from './PacketPicker.js';
import { usePickedPacket } from './use-sent-packets.js';
import { utf8Breakdown, utf8Text, visibleChar } from './utf8.js';
import type { SentPacket } from './sent-packets.js';
import './explorer.css';

/** Show each character's bytes for sentences up to this long. */
const MAX_BREAKDOWN = 32;

export function EncapsulationPanel({ spec, panelId }: PanelProps<SpecOf<'encapsulation'>>) {
  const { t } = useTranslation('explorer');
  const picked = usePickedPacket(spec.proto);
  const { packet } = picked;
  const encap = useMemo(() => (packet ? encapsulationOf(packet) : undefined), [packet]);
  return (
    <div
      className="explorer encap"
      data-testid="encapsulation"
      data-panel-id={panelId}
      data-packet-seq={packet?.seq}
      data-proto={packet?.proto}
      data-loopback={encap?.loopback}
    >
      <h3 className="explorer-title">{t('encap.title')}</h3>
      {!packet || !encap ? (
        <p className="explorer-empty" role="status">
          {t('empty', { proto: spec.proto?.toUpperCase() ?? 'UDP' })}
        </p>
      ) : (
        <>
          <PacketPicker picked={picked} />
          <p className="explorer-note">{t('encap.rule')}</p>
          <Boxes encap={encap} packet={packet} />
          <Sums encap={encap} />
          <LinkNote encap={encap} />
        </>
      )}
    </div>
  );
}

const data = (l: LayerSize) => ({ 'data-layer': l.layer, 'data-header-bytes': l.header, 'data-payload-bytes': l.payload, 'data-total-bytes': l.total });

function Boxes({ encap, packet }: { encap: Encapsulation; packet: SentPacket }) {
  const { t } = useTranslation('explorer');
  const [app, transport, network, link] = encap.layers as [LayerSize, LayerSize, LayerSize, LayerSize];
  const linkKind = encap.loopback ? 'loopback' : 'ethernet';
  const bytes = (count: number) => t('encap.bytes', { count });
  return (
    <div className="encap-box" data-testid="encap-box" data-kind={linkKind} {...data(link)}>
      <p className="encap-caption">
        {t(`encap.layer.${linkKind}`)} <span className="explorer-muted">{bytes(link.total)}</span>
      </p>
      <div className="encap-inside">
        <span className="encap-head">
          {t(`encap.header.${linkKind}`)}
          <b>{bytes(link.header)}</b>
        </span>
        <div className="encap-box" data-testid="encap-box" {...data(network)}>
          <p className="encap-caption">
            {t(`encap.layer.${network.layer}`)} <span className="explorer-muted">{bytes(network.total)}</span>
          </p>
          <div className="encap-inside">
            <span className="encap-head">
              {t(`encap.header.${network.layer}`)}
              <b>{bytes(network.header)}</b>
            </span>
            <div className="encap-box" data-testid="encap-box" {...data(transport)}>
              <p className="encap-caption">
                {t(`encap.layer.${transport.layer}`)} <span className="explorer-muted">{bytes(transport.total)}</span>
              </p>
              <div className="encap-inside">
                <span className="encap-head">
                  {t(`encap.header.${transport.layer}`)}
                  <b>{bytes(transport.header)}</b>
                </span>
                <div className="encap-box encap-app" data-testid="encap-box" {...data(app)}>
                  <p className="encap-caption">
                    {t('encap.layer.app')} <span className="explorer-muted">{bytes(app.total)}</span>
                  </p>
                  <AppBytes packet={packet} />
                </div>
              </div>
            </div>
          </div>
        </div>
        {link.padding > 0 && (
          <span className="encap-head encap-tail">
            {t('encap.padding')}
            <b>{bytes(link.padding)}</b>
          </span>
        )}
        {link.trailer > 0 && (
          <span className="encap-head encap-tail">
            {t('encap.fcs')}
            <b>{bytes(link.trailer)}</b>
          </span>
        )}
      </div>
    </div>
  );
}

/** The message's characters with their UTF-8 sizes: bytes, not characters, fill a datagram. */
function AppBytes({ packet }: { packet: SentPacket }) {
  const { t } = useTranslation('explorer');
  const text = packet.payload.length === packet.size ? utf8Text(packet.payload) : undefined;
  if (text === undefined || Array.from(text).length > MAX_BREAKDOWN) return <p className="encap-app-text">{t('encap.bytes', { count: packet.size })}</p>;
  const { chars, total } = utf8Breakdown(text);
  return (
    <div className="encap-chars" data-testid="encap-chars" data-total={total}>
      {chars.map((c, i) => (
        <span key={i} className="encap-char" data-bytes={c.bytes}>
          <span className="encap-char-glyph">{visibleChar(c.char)}</span>
          <span className="encap-char-bytes">{c.bytes}</span>
        </span>
      ))}
      <span className="encap-char-sum">
        {total === chars.length
          ? t('encap.charSumAscii', { total, chars: chars.length })
          : t('encap.charSum', { sum: chars.map((c) => c.bytes).join(' + '), total, chars: chars.length })}
      </span>
    </div>
  );
}

function Sums({ encap }: { encap: Encapsulation }) {
  const { t } = useTranslation('explorer');
  return (
    <ol className="encap-sums" data-testid="encap-sums">
      {[...encap.layers].reverse().map((l) => (
        <li key={l.layer} data-layer={l.layer} data-total-bytes={l.total}>
          <b>{t(l.layer === 'link' ? `encap.layer.${encap.loopback ? 'loopback' : 'ethernet'}` : `encap.layer.${l.layer}`)}</b>{' '}
          {l.layer === 'app'
            ? t('encap.bytes', { count: l.total })
            : t(l.padding ? 'encap.sumPadded' : l.trailer ? 'encap.sumFramed' : 'encap.sum', {
                header: l.header,
                payload: l.payload,
                padding: l.padding,
                trailer: l.trailer,
                total: l.total,
              })}
          {t(`encap.field.${l.layer}`, { defaultValue: '' }) && <span className="explorer-muted"> {t(`encap.field.${l.layer}`)}</span>}
        </li>
      ))}
    </ol>
  );
}

function LinkNote({ encap }: { encap: Encapsulation }) {
  const { t } = useTranslation('explorer');
  const e = encap.ethernet;
  const cable = t('encap.ethernetNote', { total: e.total, packet: e.payload, padded: e.padding ? t('encap.padded', { count: e.padding }) : '' });
  return (
    <div className="explorer-note encap-link-note" data-testid="encap-link-note">
      {encap.loopback && <p>{t('encap.loopbackNote')}</p>}
      <p>{cable}</p>
      {encap.overEthernetMtu && <p>{t(`encap.overMtu.${encap.proto}`, { total: encap.layers[2]!.total })}</p>}
      {encap.proto === 'tcp' && <p>{t('encap.tcpNote')}</p>}
    </div>
  );
}
