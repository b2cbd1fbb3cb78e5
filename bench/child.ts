// Entry for the benchmark's helper processes, so each relay and the target servers have a core's
// worth of event loop of their own, as the bridge has:
//   tsx bench/child.ts relay     -> prints {"port":N}
//   tsx bench/child.ts targets   -> prints {"udpPort":N,"tcpPort":M}
//   tsx bench/child.ts unlimited -> prints {"port":N,"token":"..."}  (bench/unlimited-bridge.ts)
//   tsx bench/child.ts classroom -> prints {"port":N,"udpUpper":M}    (bench/classroom-bridge.ts)
// Each exits when its parent closes stdin, so a crashed benchmark leaves nothing running.
import { startClassroomBridge } from './classroom-bridge.js';
import { startReferenceRelay } from './reference-relay.js';
import { startTargets } from './targets.js';
import { startUnlimitedBridge } from './unlimited-bridge.js';

const roles = { relay: startReferenceRelay, targets: startTargets, unlimited: startUnlimitedBridge, classroom: startClassroomBridge } as const;
const role = process.argv[2];
const running = role !== undefined && role in roles ? await roles[role as keyof typeof roles]() : undefined;
if (!running) {
  console.error(`usage: tsx bench/child.ts ${Object.keys(roles).join('|')} (got ${JSON.stringify(role)})`);
  process.exit(2);
}
console.log(JSON.stringify(running)); // its ports: JSON leaves close() out
const stop = () => void running.close().finally(() => process.exit(0));
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
