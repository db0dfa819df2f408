/**
 * `npx tsx test/bot/captureDemoScreenshot.ts [out.png] [--url http://127.0.0.1:3978 --customer ID --order NUMBER]`:
 * drives the demo page in headless Chromium through a welcome, a recommendation carousel, a click on a product card
 * ("More like this"), an order status and an angry complaint that hands the conversation to a person, and
 * saves a full-page screenshot (default docs/screenshots/webchat-demo.png). Without --url it starts the server with the test
 * fakes; with --url it uses a running bot (real services).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { browserSkipReason, launchBrowser } from './support/browser.js';
import { startTestServer } from './support/testServer.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  const out = positional[0] ?? 'docs/screenshots/webchat-demo.png';
  const skip = browserSkipReason();
  if (skip !== undefined) throw new Error(skip);
  const url = option('url');
  const running = url === undefined ? await startTestServer() : undefined;
  const customer = option('customer') ?? 'c-alice';
  const order = option('order') ?? '536365';
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 1100 });
    await page.goto(`${url ?? running?.url ?? ''}/?customer=${encodeURIComponent(customer)}`);
    await page.getByText('the shop assistant', { exact: false }).first().waitFor({ timeout: 30_000 });
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    const say = async (text: string, expected: string): Promise<void> => {
      await input.fill(text);
      await input.press('Enter');
      await page.getByText(expected, { exact: false }).last().waitFor({ timeout: 15_000 });
    };
    await say('can you recommend something?', 'More like this');
    await page.getByRole('button', { name: 'More like this' }).first().click();
    await page.getByText('More like ', { exact: false }).last().waitFor({ timeout: 15_000 });
    await say(`where is my order ${order}`, 'Order ');
    const handoffText = option('handoff-text') ?? 'member of our team';
    await input.fill('This is ridiculous, the last parcel arrived broken and nobody answers my emails!');
    await input.press('Enter');
    await page.waitForTimeout(1500);
    await say('You are useless, I am furious. Let me talk to a real person now!', handoffText);
    await page.waitForTimeout(800);
    mkdirSync(dirname(out), { recursive: true });
    await page.setViewportSize({ width: 900, height: 2400 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: out, fullPage: true });
    process.stdout.write(`saved ${out}\n`);
  } finally {
    await browser.close();
    await running?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
