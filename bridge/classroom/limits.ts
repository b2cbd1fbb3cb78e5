// A class's quotas: what one student may hold and send, and the class's totals. One student's
// flood meets their own bucket long before it could slow the others (docs/performance.md).
import { DEFAULT_LIMITS } from '../quota.js';
import type { ClassLimits } from './classroom.js';

export const DEFAULT_CLASS_LIMITS: ClassLimits = {
  students: 250,
  sessionsPerStudent: 3,
  seatsPerAddress: 4,
  student: {
    ...DEFAULT_LIMITS,
    // over all of one student's tabs (the counter is the student's, see Student.sockets)
    socketsPerSession: 12,
    pendingConnects: 4,
    // a student's program sends a sentence at a time; a runaway loop meets this at once
    messagesPerSecond: 200,
    messageBurst: 400,
    bytesPerSecond: 256 * 1024,
    byteBurst: 512 * 1024,
    highWaterBytes: 256 * 1024,
  },
  sockets: 2000,
  messagesPerSecond: 20_000,
  bytesPerSecond: 32 * 1024 * 1024,
  joinBurst: 8,
  joinRefillMs: 5000,
};
