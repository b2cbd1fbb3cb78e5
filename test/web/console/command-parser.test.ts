import { describe, expect, it } from 'vitest';
import { commonPrefix, complete, parseCommand, tokenize, type ParseContext } from '../../../web/console/command-parser.js';

const ctx: ParseContext = { sockets: ['udp-1', 'tcp-2', 'tcp-2#1'], servers: ['udp-upper', 'tcp-upper'] };
const ok = (line: string, c: ParseContext = ctx) => {
  const r = parseCommand(line, c);
  if (!r.ok) throw new Error(`${line}: ${r.error.key}`);
  return r.command;
};
const err = (line: string, c: ParseContext = ctx) => {
  const r = parseCommand(line, c);
  if (r.ok) throw new Error(`${line} parsed as ${JSON.stringify(r.command)}`);
  return r.error.key;
};

describe('command parser', () => {
  it('reads the lesson examples as written', () => {
    expect(ok('socket tcp')).toEqual({ name: 'socket', proto: 'tcp', as: undefined });
    expect(ok('connect tcp-upper')).toEqual({ name: 'connect', sock: undefined, to: { server: 'tcp-upper' } });
    expect(ok('send "hello from a"')).toEqual({ name: 'send', sock: undefined, text: 'hello from a' });
    expect(ok('recv')).toEqual({ name: 'recv', sock: undefined, bufsize: 1024 });
    expect(ok('close')).toEqual({ name: 'close', sock: undefined });
    expect(ok('connect 127.0.0.1 12100')).toEqual({ name: 'connect', sock: undefined, to: { host: '127.0.0.1', port: 12100 } });
  });

  it("takes a leading socket name only when it names one of the console's sockets", () => {
    expect(ok('send tcp-2#1 hi')).toEqual({ name: 'send', sock: 'tcp-2#1', text: 'hi' });
    expect(ok('send other hi')).toEqual({ name: 'send', sock: undefined, text: 'other hi' });
    expect(ok('recvfrom udp-1 512')).toEqual({ name: 'recvfrom', sock: 'udp-1', bufsize: 512 });
    expect(err('close nosuch')).toBe('no-such-socket');
  });

  it("reads sendto's destination from the end, so the text may have spaces", () => {
    expect(ok('sendto hello world 127.0.0.1 12000')).toEqual({ name: 'sendto', sock: undefined, text: 'hello world', to: { host: '127.0.0.1', port: 12000 } });
    expect(ok('sendto udp-1 hi localhost:12000')).toEqual({ name: 'sendto', sock: 'udp-1', text: 'hi', to: { host: 'localhost', port: 12000 } });
    expect(ok('sendto "a  b" udp-upper')).toEqual({ name: 'sendto', sock: undefined, text: 'a  b', to: { server: 'udp-upper' } });
    expect(ok('sendto x [::1]:9000')).toMatchObject({ to: { host: '::1', port: 9000 } });
    expect(err('sendto hello world')).toBe('need-dest');
    expect(err('sendto 127.0.0.1 12000')).toBe('need-text');
    expect(err('sendto hi 127.0.0.1 70000')).toBe('bad-port');
  });

  it('lets DEST be left out when the console has a target', () => {
    const withTarget = { ...ctx, hasTarget: true };
    expect(ok('connect', withTarget)).toEqual({ name: 'connect', sock: undefined });
    expect(ok('sendto hello world', withTarget)).toEqual({ name: 'sendto', sock: undefined, text: 'hello world' });
    expect(err('connect')).toBe('need-dest');
  });

  it('applies Python escapes inside quotes', () => {
    expect(ok('send "GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"')).toMatchObject({ text: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' });
    expect(ok("send 'it\\'s' ")).toMatchObject({ text: "it's" });
    expect(ok('send "\\x41\\x42"')).toMatchObject({ text: 'AB' });
    expect(err('send "open')).toBe('unclosed-quote');
  });

  it("parses bind with a port, a host and port, Python's empty host, or HOST:PORT", () => {
    expect(ok('bind 12000')).toEqual({ name: 'bind', sock: undefined, host: undefined, port: 12000 });
    expect(ok('bind 127.0.0.1 0')).toEqual({ name: 'bind', sock: undefined, host: '127.0.0.1', port: 0 });
    expect(ok("bind '' 12000")).toEqual({ name: 'bind', sock: undefined, host: undefined, port: 12000 });
    expect(ok('bind udp-1 127.0.0.1:5000')).toEqual({ name: 'bind', sock: 'udp-1', host: '127.0.0.1', port: 5000 });
    expect(err('bind')).toBe('need-port');
    expect(err('bind twelve')).toBe('bad-port');
  });

  it('checks sizes, backlogs, names and extra words', () => {
    expect(ok('listen')).toEqual({ name: 'listen', sock: undefined, backlog: 1 });
    expect(ok('listen 5')).toMatchObject({ backlog: 5 });
    expect(err('listen 500')).toBe('bad-backlog');
    expect(err('recv 0')).toBe('bad-bufsize');
    expect(ok('recvfrom')).toMatchObject({ bufsize: 2048 });
    expect(err('socket')).toBe('need-proto');
    expect(err('socket raw')).toBe('need-proto');
    expect(ok('SOCKET UDP mine')).toEqual({ name: 'socket', proto: 'udp', as: 'mine' });
    expect(err('socket udp bad:name')).toBe('bad-name');
    expect(err('socket udp udp-1')).toBe('name-taken');
    expect(err('accept now please')).toBe('no-such-socket');
    expect(err('sockets all')).toBe('too-many');
    expect(err('frobnicate')).toBe('unknown-command');
    expect(err('   ')).toBe('empty');
    expect(ok('help sendto')).toEqual({ name: 'help', topic: 'sendto' });
    expect(err('help nothing')).toBe('unknown-command');
  });

  it('tokenizes with positions of the raw words', () => {
    expect(tokenize('send  "a b" c').tokens.map((t) => [t.value, t.start, t.end])).toEqual([
      ['send', 0, 4],
      ['a b', 6, 11],
      ['c', 12, 13],
    ]);
  });
});

describe('tab completion', () => {
  it('completes command names at the start of the line', () => {
    expect(complete('se', 2, ctx)).toEqual({ start: 0, end: 2, options: ['sendto', 'send'] });
    expect(complete('acc', 3, ctx)?.options).toEqual(['accept']);
    expect(complete('', 0, ctx)?.options).toContain('socket');
    expect(complete('zz', 2, ctx)).toBeUndefined();
  });

  it("completes socket names as a command's first argument, and lab servers as a destination", () => {
    expect(complete('close tc', 8, ctx)).toEqual({ start: 6, end: 8, options: ['tcp-2', 'tcp-2#1'] });
    expect(complete('connect tcp', 11, ctx)?.options).toEqual(['tcp-2', 'tcp-2#1', 'tcp-upper']);
    expect(complete('sendto hi udp', 13, ctx)?.options).toEqual(['udp-upper']);
    expect(complete('recv ', 5, ctx)).toEqual({ start: 5, end: 5, options: ['udp-1', 'tcp-2', 'tcp-2#1'] });
  });

  it('completes protocols after socket and command names after help', () => {
    expect(complete('socket u', 8, ctx)?.options).toEqual(['udp']);
    expect(complete('help rec', 8, ctx)?.options).toEqual(['recvfrom', 'recv']);
  });

  it('finds the shared start of several options', () => {
    expect(commonPrefix(['recvfrom', 'recv'])).toBe('recv');
    expect(commonPrefix(['tcp-2', 'tcp-2#1', 'tcp-upper'])).toBe('tcp-');
    expect(commonPrefix([])).toBe('');
  });
});
