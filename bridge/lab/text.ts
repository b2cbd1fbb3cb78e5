// Text helpers the lab's servers share.

/** What Python's `message.decode().upper().encode()` does, without crashing on bytes that are
 * not UTF-8 (a datagram cut by recvfrom(2048) can end inside a character): the valid text is
 * uppercased and any trailing partial character is kept as it came. */
export function upperBytes(data: Buffer): Buffer {
  let end = data.length;
  // back off over an incomplete UTF-8 sequence at the end (at most 3 bytes)
  for (let back = 1; back <= 3 && back <= data.length; back++) {
    const byte = data[data.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (need > back) end = data.length - back;
    break;
  }
  const text = data.subarray(0, end).toString('utf8').toUpperCase();
  return Buffer.concat([Buffer.from(text, 'utf8'), data.subarray(end)]);
}
