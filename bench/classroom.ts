// `npm run bench:classroom`: a class of 200 simulated students on this machine, each joining with
// the code from an address of its own (127.0.1.x) and doing 10 UDP round trips a second through
// the bridge to udp-upper. Measures the students' round-trip times (p50, p99), the bridge's CPU and
// memory; then again while one student floods at twice its quota. Bounded in count and time.
// Run it under the shared lock: flock /tmp/heavy.lock npm run bench:classroom
import { request } from 'node:http';
import WebSocket from 'ws';
import { wsText } from '../bridge/ws-text.js';
import { BENCH_CLASS_ADDRESS, BENCH_JOIN_CODE } from './classroom-bridge.js';
import { startHelper } from './processes.js';
import { cpuMs, percentile, rssKb } from './stats.js';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 200);
const PER_SECOND = 10;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 15_000);
const WARMUP_MS = 3000;
const FLOOD_PER_SECOND = 400; // twice a student's quota (bridge/classroom/limits.ts)
const TARGETS = { p99Ms: 10, rssMb: 300 };

interface Student {
  ws: WebSocket;
  sent: Map<number, number>;
  seq: number;
}

/** Joins from 127.0.1.x over node:http (fetch cannot choose the local address). */
function joinFrom(base: string, i: number, local: string): Promise<string> {
  return new Promise((resolve, reject) => {
    {
      const body = JSON.stringify({ name: `student ${i}`, code: BENCH_JOIN_CODE });
      const req = request(
        `${base}/api/class/join`,
        { method: 'POST', localAddress: local, headers: { 'Content-Type': 'application/json', Origin: base } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => {
            const answer = JSON.parse(text) as { ok: boolean; token?: string; reason?: string };
            if (answer.ok && answer.token) resolve(answer.token);
            else reject(new Error(`student ${i} could not join: ${answer.reason}`));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    }
  });
}

/** Sends for each student every 100 ms, each at its own phase so the class does not tick at once. */
function tick(students: Student[], send: (s: Student) => void): () => void {
  const timers: NodeJS.Timeout[] = [];
  students.forEach((s, i) =>
    timers.push(setTimeout(() => timers.push(setInterval(() => send(s), 1000 / PER_SECOND)), (i * 1000) / PER_SECOND / students.length)),
  );
  return () => timers.forEach((t) => clearInterval(t));
}

function connect(base: string, token: string, local: string, onReceived: (seq: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http:', 'ws:')}/ws?token=${encodeURIComponent(token)}`, {
      origin: base,
      localAddress: local,
      perMessageDeflate: false,
    });
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = wsText(data);
      if (text.includes('"type":"udp.bound"')) resolve(ws);
      else if (text.includes('"type":"udp.received"')) {
        const event = JSON.parse(text) as { data: string };
        onReceived(Number(Buffer.from(event.data, 'base64').toString('latin1').slice(5)));
      }
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'udp.open', sock: 'c' })));
  });
}

async function main(): Promise<void> {
  const bridge = await startHelper<{ port: number; udpUpper: number }>('classroom');
  const base = `http://${BENCH_CLASS_ADDRESS}:${bridge.info.port}`;
  const send = (s: Student) => {
    const seq = ++s.seq;
    s.sent.set(seq, performance.now());
    s.ws.send(
      JSON.stringify({ type: 'udp.send', sock: 'c', host: '127.0.0.1', port: bridge.info.udpUpper, data: Buffer.from(`ping ${seq}`).toString('base64') }),
    );
  };
  let samples: number[] = [];
  let recording = false;
  const students: Student[] = [];
  let flooder: Student | undefined;
  try {
    for (let i = 0; i < STUDENTS; i++) {
      const local = `127.0.1.${i + 1}`;
      const token = await joinFrom(base, i, local);
      const s: Student = { ws: undefined as unknown as WebSocket, sent: new Map(), seq: 0 };
      s.ws = await connect(base, token, local, (seq) => {
        const start = s.sent.get(seq);
        s.sent.delete(seq);
        if (start !== undefined && recording && s !== flooder) samples.push((performance.now() - start) * 1000);
      });
      students.push(s);
    }
    const [first, ...others] = students;
    flooder = first!;
    let stop = tick(students, send);

    const phase = async (label: string) => {
      await new Promise((r) => setTimeout(r, WARMUP_MS));
      samples = [];
      recording = true;
      const cpu0 = cpuMs(bridge.pid);
      const t0 = performance.now();
      let rssPeak = 0;
      const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb(bridge.pid))), 500);
      await new Promise((r) => setTimeout(r, PHASE_MS));
      clearInterval(rssTimer);
      recording = false;
      const cpu = (cpuMs(bridge.pid) - cpu0) / (performance.now() - t0);
      const expected = (students.length - 1) * PER_SECOND * (PHASE_MS / 1000);
      const row = {
        phase: label,
        students: students.length,
        'round trips': samples.length,
        'missing %': +((100 * Math.max(0, expected - samples.length)) / expected).toFixed(2),
        'p50 ms': +(percentile(samples, 50) / 1000).toFixed(2),
        'p99 ms': +(percentile(samples, 99) / 1000).toFixed(2),
        'bridge CPU % of a core': +(cpu * 100).toFixed(1),
        'bridge RSS MB (peak)': +(rssPeak / 1024).toFixed(1),
      };
      return row;
    };

    const rows = [await phase(`${students.length} students, ${PER_SECOND} round trips/s each`)];
    // one student now sends as fast as twice its quota: the bridge refuses the excess at once
    stop();
    stop = tick(others, send);
    const floodTimer = setInterval(() => {
      for (let k = 0; k < FLOOD_PER_SECOND / 100; k++) send(flooder!);
      flooder!.sent.clear();
    }, 10);
    rows.push(await phase('the same, one student flooding at 2x quota'));
    clearInterval(floodTimer);
    stop();

    console.table(rows);
    const worst = rows.reduce((a, r) => ({ p99: Math.max(a.p99, r['p99 ms']), rss: Math.max(a.rss, r['bridge RSS MB (peak)']) }), { p99: 0, rss: 0 });
    console.log(
      `targets: p99 < ${TARGETS.p99Ms} ms: ${worst.p99 < TARGETS.p99Ms ? 'met' : 'MISSED'} (${worst.p99} ms); RSS < ${TARGETS.rssMb} MB: ${worst.rss < TARGETS.rssMb ? 'met' : 'MISSED'} (${worst.rss} MB)`,
    );
  } finally {
    for (const s of students) s.ws.terminate();
    await bridge.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
