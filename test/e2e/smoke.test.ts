import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startLab, type Lab } from './support/browser.js';

let lab: Lab;
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
});

describe('the lab in a browser', () => {
  it('connects to the bridge with the token from the address npm start printed', async () => {
    const page = await lab.open();
    await page.waitForFunction(() => !location.search.includes('token='));
    expect(page.url()).not.toContain('token=');
  });
});
