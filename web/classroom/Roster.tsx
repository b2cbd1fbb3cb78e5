// The class at a glance: who is here, where they are, what they have passed, which servers they
// have open (classmates send to those in the neighbour exercise).
import { useTranslation } from 'react-i18next';
import type { RosterEntry } from '../../protocol/classroom.js';

function checksText(checks: Record<string, number>): string {
  return Object.entries(checks)
    .filter(([, n]) => n > 0)
    .map(([lesson, n]) => `${lesson.slice(0, 2)}: ${n}`)
    .join(' · ');
}

export function Roster({
  students,
  watched,
  onWatch,
  onRemove,
}: {
  students: RosterEntry[];
  watched: string | undefined;
  onWatch: (id: string | undefined) => void;
  onRemove: (s: RosterEntry) => void;
}) {
  const { t } = useTranslation('classroom');
  if (students.length === 0) return <p data-testid="roster-empty">{t('room.nobody')}</p>;
  return (
    <table className="roster" data-testid="roster">
      <caption>{t('room.rosterCaption', { count: students.length, connected: students.filter((s) => s.connected).length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('room.name')}</th>
          <th scope="col">{t('room.connected')}</th>
          <th scope="col">{t('room.lesson')}</th>
          <th scope="col">{t('room.checks')}</th>
          <th scope="col">{t('room.servers')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('room.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {students.map((s) => (
          <tr key={s.id} data-testid={`roster-row-${s.id}`} aria-selected={watched === s.id}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onWatch(watched === s.id ? undefined : s.id)} title={t('room.watchHint')}>
                {s.name}
              </button>
            </th>
            <td data-testid="roster-connected">{s.connected ? t('room.yes') : t('room.no')}</td>
            <td>{s.lesson ?? '—'}</td>
            <td>{checksText(s.checks) || '—'}</td>
            <td data-testid="roster-servers">{s.servers.map((x) => `${x.proto.toUpperCase()} ${x.address}:${x.port}`).join(', ') || '—'}</td>
            <td>
              <button type="button" onClick={() => onRemove(s)} data-testid="roster-remove">
                {t('room.remove')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
