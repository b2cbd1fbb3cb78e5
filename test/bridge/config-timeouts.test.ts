// SOCKET_LAB_TIMEOUTS lets a test shorten the heartbeat and the HTTP timeouts; anything else in it
// stops the bridge at start with a message that names the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine, parseTimeouts } from '../../bridge/config.js';
import { DEFAULT_LIMITS } from '../../bridge/quota.js';

describe('SOCKET_LAB_TIMEOUTS', () => {
  it('leaves the defaults when it is not set', () => {
    const { limits } = parseCommandLine([], {}).bridge;
    expect([limits.heartbeatMs, limits.headersTimeoutMs, limits.requestTimeoutMs]).toEqual([30_000, 10_000, 15_000]);
    expect(limits).toEqual(DEFAULT_LIMITS);
  });

  it('shortens the timeouts it names', () => {
    const { limits } = parseCommandLine([], { SOCKET_LAB_TIMEOUTS: 'heartbeatMs=300,headersTimeoutMs=500,requestTimeoutMs=800' }).bridge;
    expect([limits.heartbeatMs, limits.headersTimeoutMs, limits.requestTimeoutMs]).toEqual([300, 500, 800]);
  });

  it.each(['sessions=3', 'heartbeatMs=10', 'heartbeatMs=abc', 'heartbeatMs', 'headersTimeoutMs=20000'])('refuses %j, naming the variable', (text) => {
    expect(() => parseTimeouts(text)).toThrow(ConfigError);
    expect(() => parseTimeouts(text)).toThrow(/SOCKET_LAB_TIMEOUTS/);
  });
});
