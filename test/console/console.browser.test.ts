import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../bot/support/browser.js';
import { PASSWORD } from './support/consoleApi.js';
import { AGENT_EMAIL, consoleBrowserSkipReason, startConsoleBot } from './support/consoleBot.js';

const skipReason = consoleBrowserSkipReason();
if (skipReason !== undefined) process.stderr.write(`[console browser test skipped] ${skipReason}\n`);

describe.skipIf(skipReason !== undefined)('console in headless Chromium', () => {
  let running: Awaited<ReturnType<typeof startConsoleBot>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    running = await startConsoleBot();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('an agent signs in, sees the pending conversation in the inbox, and opens its annotated transcript', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // 401s are expected here (the session check before sign-in, the wrong password); CSP refusals would show too.
      if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(message.text());
    });
    await page.goto(`${running.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'E-mail' }).fill(AGENT_EMAIL);
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('e-mail or password is wrong').waitFor();
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    const row = page.getByRole('row', { name: /Alice Martin/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Pending.*waiting 12 min/);
    expect(await page.getByRole('tab', { name: /Pending/ }).textContent()).toContain('1');

    await page.getByRole('link', { name: 'Alice Martin' }).click();
    await page.getByRole('heading', { name: 'Conversation with c-alice' }).waitFor();
    expect(page.url()).toBe(`${running.url}/console/conversations/conv-alice`);
    const transcript = page.getByRole('list', { name: 'Transcript' });
    await transcript.getByText('It is a week late, this is ridiculous. I want a refund').waitFor();
    expect(await transcript.getByRole('listitem').count()).toBe(4);
    const annotated = transcript.getByRole('listitem').nth(2);
    expect(await annotated.getByText('request refund · 71%').count()).toBe(1);
    expect(await annotated.getByText('negative · 94%').count()).toBe(1);
    await page.getByText('handed over: negative sentiment').waitFor();
    const customer = page.getByRole('region', { name: 'Customer' });
    await customer.getByText('Alice Martin').waitFor();
    expect(await customer.getByText('536365').count()).toBe(1);
    expect(await customer.getByText(/does not record the suggestions it shows yet/).count()).toBe(1);

    // A reload on a deep link still shows the conversation (server-side fallback to the app).
    await page.reload();
    await page.getByRole('heading', { name: 'Conversation with c-alice' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
