/**
 * `npx tsx test/console/captureConsoleScreenshots.ts [outDir]`: starts the bot with seeded support data (test fakes for
 * the NLU and the recommender), signs in to the console as an agent in headless Chromium, and saves the sign-in page,
 * the inbox (laptop and tablet widths) and a conversation view to docs/screenshots/console-*.png. Needs a built console.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../bot/support/browser.js';
import { PASSWORD } from './support/consoleApi.js';
import { AGENT_EMAIL, consoleBrowserSkipReason, startConsoleBot } from './support/consoleBot.js';

async function main(outDir: string): Promise<void> {
  const skip = consoleBrowserSkipReason();
  if (skip !== undefined) throw new Error(skip);
  mkdirSync(outDir, { recursive: true });
  const running = await startConsoleBot();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${running.url}/console/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'E-mail' }).fill(AGENT_EMAIL);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.screenshot({ path: join(outDir, 'console-login.png') });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('row', { name: /Alice Martin/ }).waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: /All/ }).click();
    await page.getByRole('row', { name: /Regency|cake stand/ }).waitFor();
    await page.screenshot({ path: join(outDir, 'console-inbox.png') });
    await page.setViewportSize({ width: 820, height: 1000 });
    await page.screenshot({ path: join(outDir, 'console-inbox-tablet.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Alice Martin' }).click();
    await page.getByRole('region', { name: 'Customer' }).getByText('536365').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(outDir, 'console-conversation.png'), fullPage: true });
    process.stdout.write(`screenshots written to ${outDir}\n`);
  } finally {
    await browser.close();
    await running.close();
  }
}

main(process.argv[2] ?? 'docs/screenshots').catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
