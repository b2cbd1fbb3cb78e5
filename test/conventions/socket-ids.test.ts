// Socket ids ("lab:udp-upper", "srv#3", "path~1") are built and read by protocol/socket-ids.ts only:
// a file of web/, bridge/ or protocol/ that spells the grammar itself (the "lab:" prefix, '#' or '~'
// as separators, a regular expression over them) fails here, with the file, the line and what to
// use instead. A pattern check over the code with its comments taken out, not a parser: it is
// meant to catch the habit (each of the shapes below was once written by hand somewhere).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = ['web', 'bridge', 'protocol'];
const OWNER = 'protocol/socket-ids.ts';

/** The shapes of hand-made id code, each with the name of the function to use instead. */
const HAND_MADE: { re: RegExp; use: string }[] = [
  { re: /['"`]lab:/, use: 'labSocketId / isLabSocket / isPageSocket / socketOwner' },
  { re: /(['"`])[#~]\1/, use: 'parseSocketId / baseSocketId / isUpstreamId' },
  { re: /\[[#~]{1,2}\]/, use: 'parseSocketId / baseSocketId / connectionNumber' },
  { re: /[#~](?:\(\\d|\\d)/, use: 'parseSocketId / connectionNumber' },
  { re: /\}[#~](?:\$\{|`)/, use: 'acceptedId / upstreamId / belongsTo' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code without its comments, line for line (a `//` inside a string cuts the rest of that line
 * off, which can only hide a finding, never make one up). */
function code(text: string): string[] {
  const noBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return noBlocks.split('\n').map((line) => line.replace(/(^|[^:\\])\/\/.*$/, '$1'));
}

function findings(file: string, text: string): string[] {
  return code(text).flatMap((line, i) => {
    const hit = HAND_MADE.find((h) => h.re.test(line));
    return hit ? [`${file}:${i + 1}: ${line.trim()}  (use ${hit.use} from ${OWNER})`] : [];
  });
}

describe('socket ids are built and read in protocol/socket-ids.ts only', () => {
  it('catches each shape of hand-made id code', () => {
    const handMade = [
      "const isPage = (sock: string) => !sock.startsWith('lab:');",
      'export const relayBase = (sock: string): string => sock.split(/[~#]/)[0]!;',
      "const isUpstream = (sock: string): boolean => sock.includes('~');",
      'const n = /[#~](\\d+)$/.exec(sock)?.[1];',
      'return `${welcoming}#${n}`;',
      'sock.startsWith(`${f}#`) ||',
      'sock === `lab:${f}` ||',
      'const [base] = id.split("#");',
    ];
    for (const line of handMade) expect(findings('x.ts', line), line).toHaveLength(1);
  });

  it('leaves alone what only looks like it', () => {
    const fine = [
      "export const packetTag = (note: RelayNote): string => note.packets.map((p) => `#${p}`).join(' ');",
      'markerEnd={`url(#${panelId}-arrow)`}',
      '// the lab\'s own socket, "lab:udp-upper", and its connections ("lab:tcp-upper#3")',
      ' * a relay\'s server-facing sockets ("path~1") */',
      "const labels = { lab: 'lab', page: 'page' };",
      "const url = 'http://127.0.0.1/'; // 'lab:'",
    ];
    for (const line of fine) expect(findings('x.ts', line), line).toEqual([]);
  });

  it('finds no hand-made id code in web/, bridge/ or protocol/', () => {
    const files = SOURCES.flatMap(sourceFiles).filter((f) => f !== OWNER);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => findings(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });
});
