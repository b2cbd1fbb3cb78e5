// The text of a WebSocket message as ws delivers it (`RawData`), for the bridge, the benchmarks and
// the test helpers that read the lab's JSON frames.
import type { RawData } from 'ws';

/** ws hands a Buffer with its default binaryType ('nodebuffer'); the other shapes RawData allows
 * (an ArrayBuffer, or Buffer[] fragments) are decoded too, never stringified as "[object ...]". */
export function wsText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
