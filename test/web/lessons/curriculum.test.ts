// Every topic of the course design (the team's curriculum: shared/docs/curriculum.md, built from
// the seeds) is taught by a lesson that the table of contents lists, in both languages.
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../../vite.config.js';
import { loadLessons } from '../../../web/lessons/load.js';

/** The curriculum, lesson by lesson, as the topic names lessons declare in lesson.yaml. */
const CURRICULUM: Record<string, string[]> = {
  '0. Welcome': ['tour', 'bridge', 'layering'],
  '1. Protocols, headers and layers (seed 000)': ['protocol', 'header', 'payload', 'ipv4-header', 'encapsulation', 'hop-by-hop', 'end-to-end'],
  '2. Sockets, ports and choosing a transport (seeds 000, 001, 003, 004)': [
    'socket', 'port', 'destination-address', 'source-address', 'udp-vs-tcp', 'http', 'cookies', 'transport-choice', 'public-protocol', 'private-protocol', 'well-known-ports',
  ],
  '3. UDP: the uppercase client and server (seeds 001, 003, 004)': ['udp', 'sendto', 'recvfrom', 'bufsize', 'ephemeral-port', 'timeout', 'utf-8'],
  '4. TCP: the welcoming socket and the connection socket (seeds 003, 004)': [
    'tcp', 'three-way-handshake', 'listen', 'backlog', 'accept', 'welcoming-socket', 'connection-socket', 'four-tuple', 'econnrefused',
  ],
  '5. Echo, and many clients at once (seeds 000, 002)': ['echo', 'persistent-connection', 'iterative-server', 'concurrent-server', 'threads', 'event-loop', 'uthreads', 'gil'],
  '6. Framing (seed 002)': ['byte-stream', 'message-boundaries', 'framing', 'delimiter', 'length-prefix', 'frame-decoder', 'bad-input'],
  '7. An application protocol (seeds 002, 000)': ['application-protocol', 'login', 'state-machine', 'flags', 'pickle', 'json', 'versioning'],
  '8. HTTP over TCP (seed 000)': ['http', 'request-line', 'get', 'post', 'rest', 'cookie', 'session', 'load-balancer', 'worker-pool'],
  '9. The UDP pinger': ['loss', 'pinger', 'rtt', 'relay', 'seed', 'retransmission'],
};

const { lessons, errors } = loadLessons(readLessonFiles());

describe('the course covers the curriculum', () => {
  it('loads every lesson without a mistake', () => {
    expect(errors).toEqual([]);
  });

  it.each(Object.entries(CURRICULUM))('teaches every topic of %s in a lesson of the table of contents', (_section, topics) => {
    for (const topic of topics) {
      const lesson = lessons.find((l) => l.topics.includes(topic));
      expect(lesson, `no lesson declares the topic "${topic}"`).toBeDefined();
      expect(lesson!.text.en.title.length).toBeGreaterThan(0);
      expect(lesson!.text.ko.title.length).toBeGreaterThan(0);
    }
  });

  it('has one lesson per curriculum section, in order', () => {
    expect(lessons.map((l) => l.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
