// The lab's servers as the class used them: how many datagrams (or connections) each got, from how
// many students.
import { useTranslation } from 'react-i18next';
import type { ServerTraffic } from '../../protocol/classroom.js';

export function ClassTraffic({ traffic }: { traffic: ServerTraffic[] }) {
  const { t } = useTranslation('classroom');
  const most = Math.max(1, ...traffic.map((s) => s.count));
  return (
    <table className="class-traffic" data-testid="class-traffic">
      <caption>{t('room.trafficCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('room.server')}</th>
          <th scope="col">{t('room.received')}</th>
          <th scope="col">{t('room.fromStudents')}</th>
        </tr>
      </thead>
      <tbody>
        {traffic.map((s) => (
          <tr key={`${s.proto}-${s.port}`} data-testid={`traffic-${s.name}`}>
            <th scope="row">
              {s.name}{' '}
              <small>
                ({s.proto.toUpperCase()} {s.port})
              </small>
            </th>
            <td>
              <meter min={0} max={most} value={s.count} aria-hidden="true" /> {t(s.proto === 'udp' ? 'room.datagrams' : 'room.connections', { count: s.count })}
            </td>
            <td>{s.students}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
