// Copies this lesson's address (never the launch token) to share with a classmate or on a slide.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clipboard } from './browser.js';
import { shareUrl } from './route.js';

export function ShareLink({ id }: { id: string }) {
  const { t } = useTranslation('shell');
  const [said, setSaid] = useState<string | undefined>();
  const url = shareUrl(window.location, id);
  useEffect(() => setSaid(undefined), [id]);
  const copy = () =>
    clipboard()
      ?.writeText(url)
      .then(
        () => setSaid(t('nav.copied')),
        () => setSaid(t('nav.copyFailed', { url })),
      ) ?? setSaid(t('nav.copyFailed', { url }));
  return (
    <span className="share">
      <a href={url} className="share-link" data-testid="share-link" onClick={(e) => (e.preventDefault(), void copy())}>
        {t('nav.share')}
      </a>
      <span role="status" className="share-status">
        {said}
      </span>
    </span>
  );
}
