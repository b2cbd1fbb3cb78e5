// Lesson 1's IP header explorer: the IPv4 header the operating system put in front of a datagram
// the page sent, every field with this datagram's value, bits and meaning, and the UDP (or TCP)
// header inside it. The headers are rebuilt by web/net/headers.ts: the lab sees socket calls, not
// packets, so values only the kernel knows are marked.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Header } from '../net/headers.js';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { layerTitle } from './field-text.js';
import { FieldTable } from './FieldTable.js';
import { HeaderDiagram } from './HeaderDiagram.js';
import { encapsulationOf } from './layers.js';
import { shownFields, type OnActive, type Via } from './layout.js';
import { PacketPicker } from './PacketPicker.js';
import { usePickedPacket } from './use-sent-packets.js';
import './explorer.css';

export function IpHeaderPanel({ spec, panelId }: PanelProps<SpecOf<'ip-header'>>) {
  const { t } = useTranslation('explorer');
  const picked = usePickedPacket(spec.proto);
  const { packet } = picked;
  const headers = useMemo(() => (packet ? encapsulationOf(packet).headers : []), [packet]);
  // the pointer wins while it is over a field; otherwise the keyboard's focus decides
  const [hovered, setHovered] = useState<string | undefined>(undefined);
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const active = hovered ?? focused;
  const onActive = (key: string | undefined, via: Via) => (via === 'pointer' ? setHovered(key) : setFocused(key));

  return (
    <div className="explorer" data-testid="ip-header-explorer" data-panel-id={panelId} data-packet-seq={packet?.seq} data-proto={packet?.proto}>
      <h3 className="explorer-title">{t('ipHeader.title')}</h3>
      {!packet ? (
        <p className="explorer-empty" role="status">
          {t('empty', { proto: spec.proto?.toUpperCase() ?? 'UDP' })}
        </p>
      ) : (
        <>
          <PacketPicker picked={picked} />
          <p className="explorer-note">{t('ipHeader.reconstructedNote')}</p>
          {headers.map((h) => (
            <HeaderSection key={h.layer} header={h} active={active} onActive={onActive} />
          ))}
        </>
      )}
    </div>
  );
}

function HeaderSection({ header, active, onActive }: { header: Header; active: string | undefined; onActive: OnActive }) {
  const { t } = useTranslation('explorer');
  const fields = useMemo(() => shownFields(header), [header]);
  const title = layerTitle(t, header.layer);
  return (
    <section className="explorer-header" data-testid="explorer-header" data-layer={header.layer} aria-label={title}>
      <h4>
        {title} <span className="explorer-muted">{t('ipHeader.bytes', { count: header.bytes.length })}</span>
      </h4>
      <div className="explorer-columns">
        <HeaderDiagram header={header} fields={fields} active={active} onActive={onActive} label={t('ipHeader.diagram', { header: title })} />
        <FieldTable header={header} fields={fields} active={active} onActive={onActive} caption={title} />
      </div>
    </section>
  );
}
