// A shell command the student runs themselves, with a copy button.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clipboard } from '../../shell/browser.js';

export function CopyCommand({ command }: { command: string }) {
  const { t } = useTranslation('checker');
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void clipboard()
      ?.writeText(command)
      .then(
        () => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        },
        () => setCopied(false),
      );
  };
  return (
    <div className="copy-command">
      <code data-testid="copy-command">{command}</code>
      <button type="button" onClick={copy} aria-live="polite">
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}
