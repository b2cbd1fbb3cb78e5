// Which of the page's recent sends a panel shows: the newest by default, following new ones, or
// one the student picks (and keeps until it falls out of the list).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickedPacket } from './use-sent-packets.js';
import type { SentPacket } from './sent-packets.js';
import { preview } from './utf8.js';

const addr = (a: SentPacket['src']) => (a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`);

export function packetLabel(p: SentPacket): string {
  return `${p.proto.toUpperCase()} ${addr(p.src)} → ${addr(p.dst)} “${preview(p.payload)}” (${p.size} B)`;
}

export function PacketPicker({ picked }: { picked: PickedPacket }) {
  const { t } = useTranslation('explorer');
  const id = useId();
  const newest = picked.packets.at(-1);
  if (!newest) return null;
  return (
    <div className="explorer-picker">
      <label htmlFor={id}>{t('picker.label')}</label>
      <select
        id={id}
        data-testid="explorer-picker"
        value={picked.picked === undefined ? 'newest' : String(picked.picked)}
        onChange={(e) => picked.pick(e.target.value === 'newest' ? undefined : Number(e.target.value))}
      >
        <option value="newest">{t('picker.newest', { what: packetLabel(newest) })}</option>
        {[...picked.packets].reverse().map((p) => (
          <option key={p.seq} value={p.seq}>
            {packetLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );
}
