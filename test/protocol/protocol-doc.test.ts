// Holds docs/protocol.md to the contract: every marked example must pass the schemas, and every
// request type, event type, LAB_* code, limit and lab server must have its place in the document.
//
// Marker convention (the fenced block's info string):
//   ```json request       one request, checked with Request.safeParse
//   ```json event         one event, checked with Event.safeParse
//   ```json bad-request   one JSON object the Request schema must refuse
//   ```text sequence      one message per line: "→ {request}" or "← {event}"
// Plain ```json, ```ts and ```text blocks are not checked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAB_ERRORS, OS_ERROR_CODES } from '../../protocol/errors.js';
import { DEFAULT_UDP_BUFSIZE, MAX_DATA_BYTES, MAX_EVENT_DATA_BYTES, MAX_FRAME_BYTES, PROTOCOL_VERSION, SOCKET_ID_PATTERN } from '../../protocol/limits.js';
import { Event, EVENT_TYPES, Request, REQUEST_TYPES } from '../../protocol/messages.js';
import { nextTcpState, TCP_EVENTS, TCP_STATES, tcpEventFits } from '../../protocol/socket-states.js';
import { DEFAULT_LIMITS } from '../../bridge/quota.js';
import { DEFAULT_RELAY_SETTINGS } from '../../bridge/relay/settings.js';
import { LAB_SERVERS } from '../../bridge/lab/index.js';

const DOC_PATH = new URL('../../docs/protocol.md', import.meta.url);
const doc = readFileSync(DOC_PATH, 'utf8');
const lines = doc.split('\n');

const MARKERS = ['json request', 'json event', 'json bad-request', 'text sequence'];
const NOT_SENT = 'The bridge does not send this code yet.';

interface Block {
  info: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

function fencedBlocks(): Block[] {
  const blocks: Block[] = [];
  let open: { info: string; line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    if (open === undefined) {
      const m = /^```(.*)$/.exec(text);
      if (m) open = { info: m[1]!.trim(), line: i + 1, body: [] };
    } else if (text === '```') {
      blocks.push({ info: open.info, body: open.body.join('\n'), line: open.line });
      open = undefined;
    } else {
      open.body.push(text);
    }
  });
  if (open) throw new Error(`docs/protocol.md:${open.line}: fenced block never closed`);
  return blocks;
}

interface Example {
  kind: 'request' | 'event' | 'bad-request';
  value: unknown;
  where: string;
}

/** Every marked example, parsed as JSON; a line that is not JSON is reported as a problem. */
function examples(): { examples: Example[]; problems: string[] } {
  const found: Example[] = [];
  const problems: string[] = [];
  const parse = (kind: Example['kind'], text: string, where: string) => {
    try {
      found.push({ kind, value: JSON.parse(text), where });
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message})`);
    }
  };
  for (const block of fencedBlocks()) {
    const where = `docs/protocol.md:${block.line}`;
    if (block.info.includes(' ') && !MARKERS.includes(block.info)) {
      problems.push(`${where}: unknown marker "${block.info}" (known: ${MARKERS.join(', ')})`);
    } else if (block.info === 'json request') parse('request', block.body, where);
    else if (block.info === 'json event') parse('event', block.body, where);
    else if (block.info === 'json bad-request') parse('bad-request', block.body, where);
    else if (block.info === 'text sequence') {
      block.body.split('\n').forEach((text, i) => {
        const at = `docs/protocol.md:${block.line + 1 + i}`;
        if (text.startsWith('→ ')) parse('request', text.slice(2), at);
        else if (text.startsWith('← ')) parse('event', text.slice(2), at);
        else if (text.trim() !== '') problems.push(`${at}: a sequence line must start with "→ " or "← "`);
      });
    }
  }
  return { examples: found, problems };
}

const parsed = examples();
const requests = parsed.examples.filter((e) => e.kind === 'request');
const events = parsed.examples.filter((e) => e.kind === 'event');
const typeOf = (e: Example) => (e.value as { type?: unknown }).type;

/** The lines of the section under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string | undefined {
  const start = lines.findIndex((l) => l === heading);
  if (start < 0) return undefined;
  const level = /^#+/.exec(heading)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The cells of the table row whose first cell is `name` in backticks. */
function row(name: string): string[] | undefined {
  const line = lines.find((l) => l.startsWith(`| \`${name}\` |`));
  return line
    ?.split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe('docs/protocol.md', () => {
  it('marks its examples only with the known markers and writes each as JSON', () => {
    expect(parsed.problems).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
  });

  it('shows only requests the Request schema accepts', () => {
    const refused = requests.flatMap((e) => {
      const result = Request.safeParse(e.value);
      return result.success ? [] : [`${e.where}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
    });
    expect(refused).toEqual([]);
  });

  it('shows only events the Event schema accepts', () => {
    const refused = events.flatMap((e) => {
      const result = Event.safeParse(e.value);
      return result.success ? [] : [`${e.where}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
    });
    expect(refused).toEqual([]);
  });

  it('shows bad requests that the Request schema really refuses', () => {
    const bad = parsed.examples.filter((e) => e.kind === 'bad-request');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.filter((e) => Request.safeParse(e.value).success).map((e) => e.where)).toEqual([]);
  });

  it('has a section and an example for every request type', () => {
    const shown = new Set(requests.map(typeOf));
    const missing = REQUEST_TYPES.filter((type) => !section(`### \`${type}\``) || !shown.has(type));
    expect(missing).toEqual([]);
  });

  it('has a section and an example for every event type', () => {
    const shown = new Set(events.map(typeOf));
    const missing = EVENT_TYPES.filter((type) => !section(`### \`${type}\``) || !shown.has(type));
    expect(missing).toEqual([]);
  });

  it('has a section for every LAB_* code, with an example event or a note that it is not sent', () => {
    const missing = Object.keys(LAB_ERRORS).filter((code) => {
      const text = section(`#### ${code}`);
      if (text === undefined) return true;
      const example = events.some((e) => {
        const v = e.value as { type?: string; code?: string };
        return v.type === 'socket.error' && v.code === code && text.includes(JSON.stringify(e.value).slice(0, 40));
      });
      return !example && !text.includes(NOT_SENT);
    });
    expect(missing).toEqual([]);
  });

  it('does not document LAB_* codes the catalogue lacks', () => {
    const headings = lines.filter((l) => /^#### LAB_/.test(l)).map((l) => l.slice(5));
    expect(headings.filter((code) => !(code in LAB_ERRORS))).toEqual([]);
  });

  it('names every OS code of the catalogue', () => {
    expect(OS_ERROR_CODES.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });

  it('states the protocol limits and the bridge quotas with their current values', () => {
    const expected: Record<string, string> = {
      MAX_DATA_BYTES: String(MAX_DATA_BYTES),
      MAX_EVENT_DATA_BYTES: String(MAX_EVENT_DATA_BYTES),
      MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
      DEFAULT_UDP_BUFSIZE: String(DEFAULT_UDP_BUFSIZE),
      PROTOCOL_VERSION: String(PROTOCOL_VERSION),
      SOCKET_ID_PATTERN: `\`${SOCKET_ID_PATTERN.source}\``,
      ...Object.fromEntries(Object.entries(DEFAULT_LIMITS).map(([k, v]) => [k, String(v)])),
    };
    const wrong = Object.entries(expected).filter(([name, value]) => row(name)?.[1] !== value);
    expect(wrong.map(([name, value]) => `${name} should be ${value}, the doc says ${row(name)?.[1]}`)).toEqual([]);
  });

  it('states every relay setting with its default', () => {
    const wrong = Object.entries(DEFAULT_RELAY_SETTINGS).filter(([name, value]) => row(name)?.[2] !== String(value));
    expect(wrong.map(([name, value]) => `${name} should default to ${value}, the doc says ${row(name)?.[2]}`)).toEqual([]);
  });

  it('lists every lab server in its table, and only real ones in the first hello example, with their transport and default port', () => {
    const hello = events.find((e) => typeOf(e) === 'hello')!.value as {
      version: number;
      servers: { name: string; proto: string; port: number }[];
      limits: { maxDataBytes: number; socketsPerSession: number };
    };
    expect(hello.version).toBe(PROTOCOL_VERSION);
    expect(hello.limits).toEqual({ maxDataBytes: MAX_DATA_BYTES, socketsPerSession: DEFAULT_LIMITS.socketsPerSession });
    // the example may lag behind a newly added server, but must not show one wrongly
    const real = LAB_SERVERS.map((s) => [s.name, s.proto, s.defaultPort]);
    expect(real).toEqual(expect.arrayContaining(hello.servers.map((s) => [s.name, s.proto, s.port])));
    expect(hello.servers.length).toBeGreaterThanOrEqual(2);
    const badRows = LAB_SERVERS.filter((s) => {
      const cells = row(s.name);
      return cells?.[1] !== s.proto.toUpperCase() || cells[2] !== String(s.defaultPort);
    });
    // a new lab server needs a row in the table of docs/protocol.md ("### `hello`")
    expect(badRows.map((s) => `lab server table row: ${s.name} | ${s.proto.toUpperCase()} | ${s.defaultPort}`)).toEqual([]);
  });

  it('writes the TCP state table exactly as protocol/socket-states.ts has it', () => {
    const table = section('### Socket states') ?? '';
    const inDoc = TCP_STATES.flatMap((state) => {
      const cells =
        table
          .split('\n')
          .find((l) => l.startsWith(`| \`${state}\` |`))
          ?.split('|') ?? [];
      return (cells[2] ?? '').split(';').flatMap((clause) => {
        const [events = '', next = ''] = clause.split('→');
        const to = /`([A-Z_]+)`/.exec(next)?.[1];
        return [...events.matchAll(/`([a-z]+\.[a-zA-Z]+)`/g)].map((m) => `${state} ${m[1]} ${to}`);
      });
    });
    const inCode = TCP_STATES.flatMap((state) => TCP_EVENTS.filter((e) => tcpEventFits(state, e)).map((e) => `${state} ${e} ${nextTcpState(state, e)}`));
    expect(inDoc.sort()).toEqual(inCode.sort());
  });
});
