// The lesson's checks (observe rules and quizzes) in one list.
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'checks',
  spec: {},
  Component: () => import.meta.glob('../ChecksPanel.tsx', { import: 'ChecksPanel', eager: true }),
  eager: true,
});
