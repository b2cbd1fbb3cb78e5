// Lesson 8: the seed's deployment picture: load balancer, web servers, worker pool, database.
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'deployment',
  spec: {},
  Component: () => import.meta.glob('../../http/DeploymentPanel.tsx', { import: 'DeploymentPanel' }),
});
