// /join: a student types a display name and the class's code, and lands in lesson 0 with a token of
// their own, kept in this tab.
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Toolbar } from '../shell/Toolbar.js';
import { join } from './student.js';
import './classroom.css';

export function JoinPage() {
  const { t } = useTranslation('classroom');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('join.needName'));
    setBusy(true);
    setError(undefined);
    const result = await join(name.trim(), code);
    setBusy(false);
    if (!result.ok) return setError(t(`join.refused.${result.reason}`));
    window.location.replace('/#/');
  };

  return (
    <>
      <header className="topbar">
        <span className="app-name">{t('join.title')}</span>
        <Toolbar />
      </header>
      <main className="join" id="main">
        <form onSubmit={(e) => void submit(e)} className="join-form" data-testid="join-form">
          <p>{t('join.intro')}</p>
          <label>
            {t('join.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} autoComplete="nickname" data-testid="join-name" required />
          </label>
          <label>
            {t('join.code')}
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={12}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              placeholder="K7M-4QX"
              className="join-code-input"
              data-testid="join-code"
              required
            />
          </label>
          <button type="submit" disabled={busy} data-testid="join-submit">
            {t('join.submit')}
          </button>
          <p role="alert" className="join-error" data-testid="join-error">
            {error}
          </p>
        </form>
      </main>
    </>
  );
}
