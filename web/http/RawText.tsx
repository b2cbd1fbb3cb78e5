// Bytes of an HTTP message shown as they are: every line with its ending made visible (\r\n, or a
// bare \n that HTTP would not accept), and the empty line that ends the header marked.
import { useTranslation } from 'react-i18next';
import { linesWithEndings } from './raw-request.js';

/** A body longer than this is cut for display; the byte count above it stays exact. */
const SHOWN_CHARS = 6000;

export function RawText({ text, testId, label }: { text: string; testId?: string; label: string }) {
  const { t } = useTranslation('http');
  const cut = text.length > SHOWN_CHARS;
  const lines = linesWithEndings(cut ? text.slice(0, SHOWN_CHARS) : text);
  let headerEnded = false;
  return (
    <pre className="http-raw" data-testid={testId} aria-label={label}>
      {lines.map((line, i) => {
        const emptyLine = !headerEnded && line.text === '' && line.ending !== '';
        if (emptyLine) headerEnded = true;
        return (
          <span key={i} className="http-raw-line" data-empty={emptyLine ? 'true' : undefined}>
            {line.text}
            {line.ending && <span className="http-eol">{line.ending === '\r\n' ? '\\r\\n' : '\\n'}</span>}
            {emptyLine && <span className="http-eol-note"> ← {t('raw.emptyLine')}</span>}
            {line.ending && '\n'}
          </span>
        );
      })}
      {cut && <span className="http-eol-note">… {t('raw.cut')}</span>}
    </pre>
  );
}
