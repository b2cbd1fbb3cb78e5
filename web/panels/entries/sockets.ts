// The table of open sockets, the page's and the lab's, with their states.
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'sockets',
  spec: {},
  Component: () => import.meta.glob('../SocketsPanel.tsx', { import: 'SocketsPanel' }),
});
