// A student's (or the instructor's) machine, run inside a network namespace by the classroom tests:
// `ip netns exec NS node --import tsx agent.ts COMMAND JSON`. Prints one JSON line per result.
// Commands:
//   http    {url, method?, host?, origin?, body?, bearer?, local?, repeat?}  → {status, body} (each)
//   upgrade {url, host?, origin?, local?}                           → {status} (101 when admitted)
//   upper   {ws, token, origin, port, text, local?}                 → {reply} or {error}
//   serve   {ws, token, origin, local?}  long-lived: {port}, then {got} per datagram (answered in capitals)
//   relay   {ws, token, origin, local?, port}  long-lived: starts a UDP relay to 127.0.0.1:port;
//           {relay: its port}, then {held} on each relay.configured, {closed: code} at the end
//   quota   {ws, token, origin, local?, port, count}: opens sockets until refused, then sends
//           `count` datagrams at once → {sockets: opened before the refusal, code, rateLimited}
//   room    {url, origin}  long-lived: the instructor's room; each line on stdin is a command sent
//           as is; prints every room frame it gets, parsed
import { request } from 'node:http';
import WebSocket from 'ws';
import { decodeText, LabClient, LabError } from '../../../protocol/client.js';
import { wsText } from '../../../bridge/ws-text.js';

/** As the test passed them (JSON); numbers arrive as numbers, which String()/Number() accept. */
type Args = Record<string, string | undefined>;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function http(a: Args): Promise<void> {
  for (let i = 0; i < Number(a.repeat ?? 1); i++) await httpOnce(a);
}

function httpOnce(a: Args): Promise<void> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (a.host) headers.Host = a.host;
    if (a.origin) headers.Origin = a.origin;
    if (a.bearer) headers.Authorization = `Bearer ${a.bearer}`;
    if (a.body) headers['Content-Type'] = 'application/json';
    const req = request(a.url!, { method: a.method ?? 'GET', headers, localAddress: a.local }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => {
        print({ status: res.statusCode, body });
        resolve();
      });
    });
    req.on('error', (e) => {
      print({ error: e.message });
      resolve();
    });
    req.end(a.body);
  });
}

function upgrade(a: Args): Promise<void> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    if (a.host) headers.Host = a.host;
    if (a.origin) headers.Origin = a.origin;
    const req = request(a.url!.replace(/^ws:/, 'http:'), { headers, localAddress: a.local });
    req.on('upgrade', (_res, socket) => {
      print({ status: 101 });
      socket.destroy();
      resolve();
    });
    req.on('response', (res) => {
      print({ status: res.statusCode });
      res.resume();
      resolve();
    });
    req.on('error', (e) => {
      print({ error: e.message });
      resolve();
    });
    req.end();
  });
}

function connect(a: Args): Promise<LabClient> {
  return LabClient.connect(
    `${a.ws}?token=${encodeURIComponent(a.token!)}`,
    (u) => {
      const ws = new WebSocket(u, { origin: a.origin, localAddress: a.local });
      ws.on('error', () => {});
      return ws;
    },
    { timeoutMs: 5000 },
  );
}

async function upper(a: Args): Promise<void> {
  const client = await connect(a);
  try {
    await client.udpOpen('c');
    const reply = client.next('udp.received', (e) => e.sock === 'c', 5000);
    await client.udpSend('c', '127.0.0.1', Number(a.port), a.text!);
    print({ reply: decodeText((await reply).data) });
  } catch (error) {
    print({ error: error instanceof LabError ? error.code : String(error) });
  }
  client.close();
}

async function serve(a: Args): Promise<void> {
  const client = await connect(a);
  const bound = await client.udpOpen('server');
  client.onEvent((e) => {
    if (e.type !== 'udp.received' || e.sock !== 'server') return;
    const text = decodeText(e.data);
    print({ got: text });
    void client.udpSend('server', e.from.address, e.from.port, text.toUpperCase());
  });
  print({ port: bound.local.port });
  // lives until the test closes its standard input or kills it
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

async function relay(a: Args): Promise<void> {
  const client = await connect(a);
  client.socket.addEventListener('close', (ev) => {
    print({ closed: (ev as unknown as { code: number }).code });
    process.exit(0);
  });
  client.onEvent((e) => {
    if (e.type === 'relay.configured') print({ held: e.held });
  });
  const started = await client.relayStart('r', 'udp', { host: '127.0.0.1', port: Number(a.port) });
  print({ relay: started.listen.port });
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

async function quota(a: Args): Promise<void> {
  const client = await connect(a);
  let sockets = 0;
  let code = '';
  for (; sockets < 100; sockets++) {
    try {
      await client.udpOpen(`q${sockets}`);
    } catch (error) {
      code = error instanceof LabError ? error.code : String(error);
      break;
    }
  }
  let rateLimited = 0;
  const count = Number(a.count);
  const done = new Promise<void>((resolve) => {
    let answers = 0;
    client.onEvent((e) => {
      if (e.type === 'socket.error' && e.code === 'LAB_RATE_LIMITED') rateLimited++;
      // the page's own answers only: udp-upper's udp.sent (sock lab:udp-upper) comes to the page too
      if ((e.type === 'socket.error' || (e.type === 'udp.sent' && e.sock === 'q0')) && ++answers === count) resolve();
    });
  });
  const data = Buffer.from('x').toString('base64');
  for (let i = 0; i < count; i++) client.send({ type: 'udp.send', sock: 'q0', host: '127.0.0.1', port: Number(a.port), data });
  await done;
  print({ sockets, code, rateLimited });
  client.close();
}

async function room(a: Args): Promise<void> {
  const ws = new WebSocket(a.url!, { origin: a.origin });
  ws.on('error', (e) => print({ error: e.message }));
  ws.on('message', (data) => print(JSON.parse(wsText(data))));
  ws.on('close', (code) => {
    print({ closed: code });
    process.exit(0);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  print({ open: true });
  let buffer = '';
  process.stdin.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      ws.send(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}') as Args;
const commands: Record<string, (a: Args) => Promise<void>> = { http, upgrade, upper, serve, relay, room, quota };
const run = commands[command ?? ''];
if (!run) {
  print({ error: `unknown command ${command}` });
  process.exit(2);
}
run(args).then(
  () => {
    if (!['serve', 'relay', 'room'].includes(command ?? '')) process.exit(0);
  },
  (error: unknown) => {
    print({ error: String(error) });
    process.exit(1);
  },
);
