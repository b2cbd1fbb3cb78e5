// Every lab server, in one list. A new server is a module of its own, added here.
import type { LabServerDef } from './server.js';
import { udpUpper } from './udp-upper.js';
import { tcpUpper } from './tcp-upper.js';

export const LAB_SERVERS: readonly LabServerDef[] = [udpUpper, tcpUpper];
