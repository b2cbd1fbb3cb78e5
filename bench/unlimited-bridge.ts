// The real bridge code (bridge/server.ts) with every fence on except one: the per-session rate
// limit is raised far above what this machine can carry. Beside the bridge as `npm start` runs it,
// this shows how much of a throughput gap is the rate limit's cap (the fence doing its job) and
// how much is the cost of everything else (gate, validation, policy, quotas, backpressure).
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS } from '../bridge/quota.js';
import { DEFAULT_CONFIG, startBridge } from '../bridge/server.js';

export async function startUnlimitedBridge(): Promise<{ port: number; token: string; close(): Promise<void> }> {
  const unlimited = 1e12;
  const bridge = await startBridge({
    ...DEFAULT_CONFIG,
    port: 0,
    token: randomBytes(32).toString('base64url'),
    servers: { 'udp-upper': 0, 'tcp-upper': 0 },
    limits: { ...DEFAULT_LIMITS, messagesPerSecond: unlimited, messageBurst: unlimited, bytesPerSecond: unlimited, byteBurst: unlimited },
  });
  return { port: bridge.port, token: bridge.token, close: () => bridge.close() };
}
