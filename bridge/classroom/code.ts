// The join code students type: short, random, read off a projector without confusion.
import { randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_PATTERN, normalizeJoinCode } from '../../protocol/classroom.js';

export function newJoinCode(): string {
  const pick = () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return `${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}

/** A code given with --join-code, made canonical, or undefined if it does not fit the pattern. */
export function parseJoinCode(text: string): string | undefined {
  const code = normalizeJoinCode(text);
  return JOIN_CODE_PATTERN.test(code) ? code : undefined;
}

export const JOIN_CODE_RULE = `three letters or digits, a dash, three more (e.g. K7M-4QX), from ${JOIN_CODE_ALPHABET}`;
