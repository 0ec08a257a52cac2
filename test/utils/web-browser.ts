import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

/** Debian's Chromium with the flags our machines need (no browser download exists here). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots of every screen land here (gitignored). */
export const SHOTS_DIR = join(__dirname, '..', '..', 'test-results', 'web');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation (the list is in the failure message). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/**
 * The focused element's name as a keyboard user hears it: its aria-label, else its <label> (form controls and the
 * select buttons of our forms), else its text. Runs in the page (a string: the service's tsconfig has no DOM types).
 */
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const label = el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].innerText : null);
  return (label ?? el.innerText ?? '').replace(/[✓▾]/g, '').trim();
})()`;

export async function focusedName(page: Page): Promise<string> {
  return page.evaluate<string>(FOCUSED_NAME);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element's name matches (keyboard reachability); fails
 * after `max` presses.
 */
export async function tabTo(page: Page, name: RegExp, max = 120, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (name.test(await focusedName(page))) return;
  }
  throw new Error(`${String(name)} was not reached with ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/**
 * With a select button focused: opens it with Enter, moves to `option` with the arrow keys (as many presses as
 * the list says, each one waited for: under load the page takes a moment to move focus) and chooses it with Enter,
 * as a keyboard user does. Fails when an option cannot be reached.
 */
export async function chooseByKeyboard(page: Page, option: string): Promise<void> {
  await page.keyboard.press('Enter');
  const listbox = page.getByRole('listbox');
  await listbox.waitFor();
  // Radix moves focus into the list once it is positioned (a frame or two after it appears).
  await page.waitForFunction(`!!(document.activeElement && document.activeElement.closest('[role="listbox"]'))`);
  const names = (await listbox.getByRole('option').allTextContents()).map((t) => t.replace(/[✓▾]/g, '').trim());
  const target = names.indexOf(option);
  if (target < 0) throw new Error(`no option “${option}” in ${names.join(' | ')}`);
  for (let presses = 0; presses < 3 * names.length; presses++) {
    const at = names.indexOf(await focusedName(page));
    if (at === target) break;
    const next = names[at < target ? at + 1 : at - 1];
    await page.keyboard.press(at < target ? 'ArrowDown' : 'ArrowUp');
    await page
      .waitForFunction(`${FOCUSED_NAME} === ${JSON.stringify(next)}`, undefined, { timeout: 3_000 })
      .catch(() => undefined); // pressed again on the next turn
  }
  if ((await focusedName(page)) !== option) {
    await screenshot(page, 'choose-by-keyboard-failed');
    throw new Error(`option “${option}” was not reached with the arrow keys (focus on “${await focusedName(page)}”)`);
  }
  await page.keyboard.press('Enter');
  await listbox.waitFor({ state: 'detached' });
}

/** Signs in through the form; resolves once the app left the sign-in page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/app/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.includes('/sign-in'));
}
