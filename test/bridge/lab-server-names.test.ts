// The bridge runs exactly the servers of the closed list in protocol/lab-servers.ts, in its order.
import { describe, expect, it } from 'vitest';
import { LAB_SERVER_NAMES } from '../../protocol/lab-servers.js';
import { LAB_SERVERS } from '../../bridge/lab/index.js';

describe('lab server names', () => {
  it('are the names of the servers the bridge runs, each once', () => {
    expect(LAB_SERVERS.map((s) => s.name)).toEqual([...LAB_SERVER_NAMES]);
  });
});
