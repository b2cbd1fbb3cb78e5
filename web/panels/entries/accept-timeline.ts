// Lesson 5: for each page connection to a lab server, when connect() returned, when the server
// accept()ed it, when the first reply came, and when it closed.
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'accept-timeline',
  spec: { server: LabServerNameSchema },
  Component: () => import.meta.glob('../../framing/AcceptTimelinePanel.tsx', { import: 'AcceptTimelinePanel' }),
});
