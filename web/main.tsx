import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './i18n/index.js';
import { Lab, readToken } from './lab/lab.js';
import { LabProvider } from './lab/react.js';
import { ProgressProvider } from './lessons/context.js';
import { ProgressStore } from './lessons/progress.js';
import { initPreferences } from './shell/preferences.js';
import './styles/index.css';

// theme and projector mode go on <html> before the first paint
initPreferences();

const token = readToken();
const lab = new Lab({ token });
lab.start();
// the page's lab core, for the browser's console and `npm run bench:python` (same-origin only)
(window as unknown as { socketLab?: Lab }).socketLab = lab;

const progress = new ProgressStore(window.localStorage);
// another tab of the lab ticked a check: show it here too
window.addEventListener('storage', () => progress.reload());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabProvider lab={lab}>
      <ProgressProvider store={progress}>
        <App hasToken={token !== undefined} />
      </ProgressProvider>
    </LabProvider>
  </StrictMode>,
);
