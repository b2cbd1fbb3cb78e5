// The send-rate token bucket: a burst goes through at once, more waits for the refill.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, FILES_RESERVE, filesBudget, SocketCounter, TokenBucket } from '../../bridge/quota.js';

describe('the token bucket', () => {
  it('lets the burst through at once, refuses the next, and refills at its rate', () => {
    let clock = 0;
    const bucket = new TokenBucket(1000, 50, () => clock);
    let taken = 0;
    while (taken < 10_000 && bucket.take()) taken++;
    expect(taken).toBe(50);
    expect(bucket.take()).toBe(false);
    clock += 9; // 1000/s: 9 tokens
    expect(bucket.take(10)).toBe(false);
    clock += 1;
    expect(bucket.take(10)).toBe(true);
    expect(bucket.take()).toBe(false);
    clock += 10_000; // never more than the burst
    let refilled = 0;
    while (refilled < 10_000 && bucket.take()) refilled++;
    expect(refilled).toBe(50);
  });

  it('counts bytes as tokens, so one large request can be refused alone', () => {
    const bucket = new TokenBucket(DEFAULT_LIMITS.bytesPerSecond, DEFAULT_LIMITS.byteBurst);
    expect(bucket.take(DEFAULT_LIMITS.byteBurst + 1)).toBe(false);
    expect(bucket.take(1024)).toBe(true);
  });
});

describe('the total socket counter', () => {
  it('refuses past its maximum and frees on release, never below zero', () => {
    const counter = new SocketCounter(2);
    expect(counter.acquire()).toBe(true);
    expect(counter.acquire()).toBe(true);
    expect(counter.acquire()).toBe(false);
    counter.release();
    expect(counter.acquire()).toBe(true);
    counter.release();
    counter.release();
    counter.release();
    expect(counter.count).toBe(0);
  });
});

describe('filesBudget', () => {
  it('is filesTotal when the open-files limit leaves room for it and the reserve', () => {
    expect(filesBudget(DEFAULT_LIMITS, 20_000)).toBe(DEFAULT_LIMITS.filesTotal);
  });

  it('leaves the reserve and one descriptor per session below a low open-files limit', () => {
    expect(filesBudget(DEFAULT_LIMITS, 1024)).toBe(1024 - FILES_RESERVE - DEFAULT_LIMITS.sessions);
    expect(filesBudget(DEFAULT_LIMITS, 256)).toBe(0);
  });
});

describe('the socket counter, for descriptors', () => {
  it('takes several at once only if all fit, and gives them back', () => {
    const counter = new SocketCounter(5);
    expect(counter.acquire(3)).toBe(true);
    expect(counter.acquire(3)).toBe(false);
    counter.release(2);
    expect(counter.acquire(3)).toBe(true);
    expect(counter.count).toBe(4);
  });
});
