import fs from 'node:fs';
import path from 'node:path';

import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

import { ROOT } from './strapi';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

/**
 * `describe` for suites that drive the admin in Chromium. Without Chromium the suite is
 * skipped with a loud warning on a developer's machine, and fails under CI=true.
 */
export const describeInBrowser = (name: string, suite: () => void) => {
  if (fs.existsSync(CHROMIUM_PATH)) return describe(name, suite);
  if (isCI) {
    return describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `Chromium not found at ${CHROMIUM_PATH}: CI must install it (apt-get install -y chromium).`
        );
      });
    });
  }
  console.warn(
    `\n${'!'.repeat(72)}\n  BROWSER SUITE SKIPPED: "${name}"\n  Chromium not found at ${CHROMIUM_PATH}.` +
      `\n  Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n${'!'.repeat(72)}\n`
  );
  return describe.skip(name, suite);
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });

export const loginToAdmin = async (
  page: Page,
  baseUrl: string,
  login: { email: string; password: string }
) => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60000 });
};

/** Chromium with one page, signed in to the admin as `login`. */
export const openAdmin = async (
  baseUrl: string,
  login: { email: string; password: string }
): Promise<{ browser: Browser; page: Page }> => {
  const browser = await launchBrowser();
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  await loginToAdmin(page, baseUrl, login);
  return { browser, page };
};

/** Saves a screenshot under test/.artifacts for a person to look at. */
export const screenshot = async (page: Page, name: string) => {
  const dir = path.join(ROOT, 'test', '.artifacts');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
};

/**
 * Types a `YYYY-MM-DD` day into one of the plugin's date pickers as a clerk of the
 * English admin does (MM/DD/YYYY, the design system's format for the locale), then
 * leaves the field, which is when the picker takes the day.
 */
export const pickDay = async (picker: Locator, day: string) => {
  const [year, month, date] = day.split('-');
  await picker.fill(`${month}/${date}/${year}`);
  await picker.blur();
};
