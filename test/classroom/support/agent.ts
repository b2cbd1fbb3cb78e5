// A student's (or the instructor's) machine, run inside a network namespace by the classroom tests:
// `ip netns exec NS node --import tsx agent.ts COMMAND JSON`. Prints one JSON line per result.
// Commands:
//   http    {url, method?, host?, origin?, body?, bearer?, local?, repeat?}  → {status, body} (each)
//   upgrade {url, host?, origin?, local?}                           → {status} (101 when admitted)
//   upper   {ws, token, origin, port, text, local?}                 → {reply} or {error}
//   serve   {ws, token, origin, local?}  long-lived: {port}, then {got} per datagram (answered in capitals)
import { request } from 'node:http';
import WebSocket from 'ws';
import { decodeText, LabClient, LabError, type WebSocketLike } from '../../../protocol/client.js';

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
    const headers: Record<string, string> = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
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
  return LabClient.connect(`${a.ws}?token=${encodeURIComponent(a.token!)}`, (u) => {
    const ws = new WebSocket(u, { origin: a.origin, localAddress: a.local });
    ws.on('error', () => {});
    return ws as unknown as WebSocketLike;
  }, { timeoutMs: 5000 });
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

const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}') as Args;
const commands: Record<string, (a: Args) => Promise<void>> = { http, upgrade, upper, serve };
const run = commands[command ?? ''];
if (!run) {
  print({ error: `unknown command ${command}` });
  process.exit(2);
}
run(args).then(
  () => {
    if (command !== 'serve') process.exit(0);
  },
  (error: unknown) => {
    print({ error: String(error) });
    process.exit(1);
  },
);
