// The few platform globals the protocol uses, present in browsers and in Node alike. protocol/
// compiles without the DOM or Node libraries, so they are declared here and nowhere else.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
