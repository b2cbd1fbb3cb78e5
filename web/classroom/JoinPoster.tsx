// What the instructor projects: the students' address, the code in large letters, and a QR code of
// the address (the qrcode library is loaded only here, so the lessons' first page stays small).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function JoinPoster({ joinUrl, code, onRotate }: { joinUrl: string; code: string; onRotate: () => void }) {
  const { t } = useTranslation('classroom');
  const [svg, setSvg] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void import('qrcode').then(({ toString }) =>
      toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((text) => {
        if (live) setSvg(text);
      }),
    );
    return () => {
      live = false;
    };
  }, [joinUrl]);
  return (
    <section className="join-poster" aria-label={t('room.posterLabel')}>
      <div className="join-poster-text">
        <p>{t('room.open')}</p>
        <p className="join-url" data-testid="room-join-url">
          {joinUrl}
        </p>
        <p>{t('room.typeCode')}</p>
        <p className="join-code" data-testid="room-join-code">
          {code}
        </p>
        <button type="button" onClick={onRotate} data-testid="room-rotate">
          {t('room.rotate')}
        </button>
      </div>
      {/* the SVG is the library's output from our own text, not the network's */}
      <div
        className="join-qr"
        role="img"
        aria-label={t('room.qr', { url: joinUrl })}
        data-testid="room-qr"
        dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
      />
    </section>
  );
}
