// The command line: every flag is checked at start, and a bad one stops the bridge with a message
// that names it.
import { parseArgs } from 'node:util';
import { resolveClassroomAddress, type Interfaces } from './classroom/address.js';
import { JOIN_CODE_RULE, parseJoinCode } from './classroom/code.js';
import { LAB_SERVERS } from './lab/index.js';
import { isLoopback, parseCidr } from './policy.js';
import { DEFAULT_LIMITS } from './quota.js';
import { DEFAULT_CONFIG, type BridgeConfig } from './server.js';

export interface CliOptions {
  bridge: BridgeConfig;
  open: boolean;
  build: boolean;
  help: boolean;
}

export class ConfigError extends Error {}

export const HELP = `Socket Lab: learn socket programming with real UDP and TCP sockets.

Usage: npm start -- [options]

Options:
  --port N              port of the lab's page and WebSocket (default ${DEFAULT_CONFIG.port}; 0 = any free port)
  --host ADDR           address to serve on: 127.0.0.1 (default), ::1 or localhost
  --no-open             do not open a browser (also when the CI variable is set)
  --no-build            serve the web app as built, without checking it is up to date
  --dist DIR            serve the web app already built in DIR instead of ${DEFAULT_CONFIG.distDir}/ (never rebuilt)
  --server NAME=PORT    run a lab server on another port; NAME=off leaves it out (repeatable)
  --allow CIDR          also let pages reach this range, e.g. 192.168.0.0/24 (repeatable)
  --allow-port N        let pages reach port N although it is below 1024 or blocked by browsers (repeatable)
  --max-sessions N      most browser tabs connected at once (default ${DEFAULT_LIMITS.sessions})
  --classroom ADDR      classroom mode: also serve students on this LAN address or interface
                        (e.g. 192.168.0.10 or wlan0); they join at http://ADDR:PORT/join with a code
  --join-code CODE      the classroom's join code instead of a random one (e.g. K7M-4QX)
  --help                show this help

Lab servers:
${LAB_SERVERS.map((s) => `  ${s.name.padEnd(15)} ${s.proto.toUpperCase()} ${String(s.defaultPort).padEnd(6)} ${s.summary}`).join('\n')}
`;

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`--${flag} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max}`);
  }
  return Number(text);
}

/** The timeouts a test may shorten through the environment (SOCKET_LAB_TIMEOUTS), so that it can
 * wait for the heartbeat or an HTTP timeout without waiting half a minute. */
const TIMEOUTS = ['heartbeatMs', 'headersTimeoutMs', 'requestTimeoutMs'] as const;
type Timeouts = Partial<Record<(typeof TIMEOUTS)[number], number>>;

/** Parses SOCKET_LAB_TIMEOUTS, e.g. `heartbeatMs=300,headersTimeoutMs=500,requestTimeoutMs=800`. */
export function parseTimeouts(text: string | undefined): Timeouts {
  const timeouts: Timeouts = {};
  if (!text) return timeouts;
  for (const item of text.split(',')) {
    const [name, value = ''] = item.split('=');
    const key = TIMEOUTS.find((k) => k === name);
    if (!key || !/^\d+$/.test(value) || Number(value) < 50 || Number(value) > 600_000) {
      throw new ConfigError(`SOCKET_LAB_TIMEOUTS ${JSON.stringify(item)}: expected NAME=MS with NAME one of ${TIMEOUTS.join(', ')} and MS from 50 to 600000`);
    }
    timeouts[key] = Number(value);
  }
  const headers = timeouts.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs;
  if (headers > (timeouts.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs)) {
    throw new ConfigError('SOCKET_LAB_TIMEOUTS: headersTimeoutMs must not be longer than requestTimeoutMs');
  }
  return timeouts;
}

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env, interfaces?: Interfaces): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'no-open': { type: 'boolean' },
        'no-build': { type: 'boolean' },
        dist: { type: 'string' },
        server: { type: 'string', multiple: true },
        allow: { type: 'string', multiple: true },
        'allow-port': { type: 'string', multiple: true },
        'max-sessions': { type: 'string' },
        classroom: { type: 'string' },
        'join-code': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\nRun with --help to see the options.`);
  }

  const host = values.host ?? DEFAULT_CONFIG.host;
  const hostAddress = host === 'localhost' ? '127.0.0.1' : host;
  if (!isLoopback(hostAddress)) {
    throw new ConfigError(
      `--host ${JSON.stringify(host)}: the lab serves only on this machine (127.0.0.1, ::1 or localhost); for a class, use --classroom ADDR`,
    );
  }

  const servers: Record<string, number | 'off'> = {};
  for (const item of values.server ?? []) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(item);
    const def = match && LAB_SERVERS.find((s) => s.name === match[1]);
    if (!match || !def) {
      throw new ConfigError(`--server ${JSON.stringify(item)}: expected NAME=PORT or NAME=off with NAME one of ${LAB_SERVERS.map((s) => s.name).join(', ')}`);
    }
    servers[def.name] = match[2] === 'off' ? 'off' : integer('server', match[2]!, 0, 65535);
  }

  for (const cidr of values.allow ?? []) {
    try {
      parseCidr(cidr);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }

  let classroom: BridgeConfig['classroom'];
  if (values.classroom !== undefined) {
    const where = resolveClassroomAddress(values.classroom, interfaces);
    if ('error' in where) throw new ConfigError(`--classroom ${JSON.stringify(values.classroom)}: ${where.error}`);
    let code: string | undefined;
    if (values['join-code'] !== undefined) {
      code = parseJoinCode(values['join-code']);
      if (!code) throw new ConfigError(`--join-code ${JSON.stringify(values['join-code'])}: expected ${JOIN_CODE_RULE}`);
    }
    classroom = { address: where.address, code };
  } else if (values['join-code'] !== undefined) {
    throw new ConfigError('--join-code is for classroom mode: add --classroom ADDR');
  }

  return {
    help: values.help ?? false,
    open: !values['no-open'] && !env.CI,
    build: !values['no-build'],
    bridge: {
      ...DEFAULT_CONFIG,
      host: hostAddress,
      distDir: values.dist ?? DEFAULT_CONFIG.distDir,
      port: values.port === undefined ? DEFAULT_CONFIG.port : integer('port', values.port, 0, 65535),
      servers,
      policy: {
        allow: values.allow ?? [],
        allowPorts: (values['allow-port'] ?? []).map((p) => integer('allow-port', p, 1, 65535)),
      },
      limits: {
        ...DEFAULT_LIMITS,
        ...parseTimeouts(env.SOCKET_LAB_TIMEOUTS),
        sessions: values['max-sessions'] === undefined ? DEFAULT_LIMITS.sessions : integer('max-sessions', values['max-sessions'], 1, 10_000),
      },
      ...(classroom && { classroom }),
    },
  };
}
