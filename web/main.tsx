import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { Lab, readToken } from './lab/lab.js';
import { LabProvider } from './lab/react.js';

const lab = new Lab({ token: readToken() });
lab.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabProvider lab={lab}>
      <App />
    </LabProvider>
  </StrictMode>,
);
