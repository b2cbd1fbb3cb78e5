// The page's layout. Everything it shows is a component of web/shell/ or web/lessons/.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LESSONS } from './lessons/catalog.js';
import { ConnectionBanner } from './shell/ConnectionBanner.js';
import { LessonPage } from './shell/LessonPage.js';
import { ProjectorExit } from './shell/ProjectorExit.js';
import { resolveLesson, useHash } from './shell/route.js';
import { ShortcutsDialog } from './shell/ShortcutsDialog.js';
import { Toc } from './shell/Toc.js';
import { TopBar } from './shell/TopBar.js';
import { useAppShortcuts } from './shell/use-app-shortcuts.js';

const LESSON_IDS = LESSONS.map((l) => l.id);

export function App({ hasToken, student = false }: { hasToken: boolean; student?: boolean }) {
  const { t } = useTranslation('shell');
  const lessonId = resolveLesson(useHash(), LESSON_IDS);
  const [help, setHelp] = useState(false);
  useAppShortcuts(lessonId, () => setHelp(true));
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToLesson')}
      </a>
      {/* the banner stays in view while the student scrolls: it says why nothing works */}
      <div className="top">
        <ConnectionBanner hasToken={hasToken} student={student} />
        <TopBar onHelp={() => setHelp(true)} />
      </div>
      <div className="layout">
        <Toc current={lessonId} />
        <main id="main" tabIndex={-1}>
          <LessonPage id={lessonId} />
        </main>
      </div>
      <ProjectorExit />
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </>
  );
}
