// vitest types its asymmetric matchers as `any`, which would spread through the objects a test
// expects; these give each matcher the type of the value it stands for.
import { expect } from 'vitest';

export const stringMatching = (pattern: string | RegExp): string => expect.stringMatching(pattern) as string;
export const stringContaining = (text: string): string => expect.stringContaining(text) as string;
export const anyString = (): string => expect.any(String) as string;
