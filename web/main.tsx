import { StrictMode, lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { languageReady } from './i18n/index.js';
import { Lab, readToken } from './lab/lab.js';
import { SocketThread } from './lab/socket-thread.js';
import { LabProvider } from './lab/react.js';
import { ProgressProvider } from './lessons/context.js';
import { ProgressStore } from './lessons/progress.js';
import { initPreferences } from './shell/preferences.js';
import { pageOf } from './shell/route.js';
import { JOIN_PATH, onLoopback, studentSeat } from './classroom/student.js';
import './styles/index.css';

// theme and projector mode go on <html> before the first paint
initPreferences();
// a page shown in Korean is drawn once its strings are here (they load apart from the English)
await languageReady;

const root = createRoot(document.getElementById('root')!);
const page = pageOf(window.location.pathname);

if (page === 'join') {
  const JoinPage = lazy(() => import('./classroom/JoinPage.js').then((m) => ({ default: m.JoinPage })));
  root.render(
    <StrictMode>
      <Suspense>
        <JoinPage />
      </Suspense>
    </StrictMode>,
  );
} else if (page === 'room') {
  const RoomPage = lazy(() => import('./classroom/RoomPage.js').then((m) => ({ default: m.RoomPage })));
  const token = readToken();
  root.render(
    <StrictMode>
      <Suspense>
        <RoomPage token={token} />
      </Suspense>
    </StrictMode>,
  );
} else if (!studentSeat() && !onLoopback() && !readToken()) {
  // a lesson's link opened on the classroom address without a seat: join first
  window.location.replace(JOIN_PATH);
} else {
  // a student of a class carries the token of their seat (this tab only); the instructor, the
  // launch token
  const seat = studentSeat();
  const token = seat?.token ?? readToken();
  // the WebSocket lives in a worker: Python programs' calls are answered there, off this thread
  const lab = new Lab({ token, thread: new SocketThread() });
  lab.start();
  // the page's lab core, for the browser's console and `npm run bench:python` (same-origin only)
  (window as unknown as { socketLab?: Lab }).socketLab = lab;

  const progress = new ProgressStore(window.localStorage);
  // another tab of the lab ticked a check: show it here too
  window.addEventListener('storage', () => progress.reload());
  if (seat) void import('./classroom/report.js').then((m) => m.reportStudentProgress(seat.token, progress));

  root.render(
    <StrictMode>
      <LabProvider lab={lab}>
        <ProgressProvider store={progress}>
          <App hasToken={token !== undefined} student={seat !== undefined} />
        </ProgressProvider>
      </LabProvider>
    </StrictMode>,
  );
}
