/**
 * A page of the web portal in headless Chromium (Debian's package, driven by playwright-core), as the browser
 * tests use it: `check(name)` keeps a screenshot of the page as it stands in test-artifacts/<folder>/ and fails
 * on any serious or critical axe-core violation and on any console error the page logged; `download(action)`
 * returns what a click saved. The portal is built as `npm run build` builds it (dist/web), once per run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..', '..');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

export interface PortalBrowser {
  page: Page;
  context: BrowserContext;
  /** the artifacts' folder of this test file */
  artifacts: string;
  /** console errors the pages logged since the last reset */
  consoleErrors: string[];
  /** a refusal the test provokes on purpose: the browser logs its status line, which is not the page's error */
  expectStatus(status: RegExp | null): void;
  /** a screenshot of the page, then no serious or critical axe-core violation and no console error */
  check(name: string): Promise<void>;
  /** what a click (or other action) saved as a download: its suggested name and its text */
  download(action: () => Promise<unknown>): Promise<{ name: string; text: string; path: string }>;
  close(): Promise<void>;
}

let built = false;

/** A digest of what the portal is built from (apps/web and the sealing library's sources). */
function portalSourcesDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  for (const dir of ['apps/web', 'libs/sealing/src']) walk(join(ROOT, dir));
  return hash.digest('hex');
}

/**
 * Builds the portal into dist/web unless it is built from the sources as they stand. Test files run in parallel
 * worker processes: one builds at a time (a lock directory), and a build already made from the same sources is
 * kept — a second build would empty dist/web under the pages another test file is showing.
 */
export function buildPortal(): void {
  if (built) return;
  const lock = join(ROOT, 'dist', '.web-build.lock');
  const stamp = join(ROOT, 'dist', 'web', '.sources-sha256');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const waitUntil = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // a lock left by a process that died while building
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > waitUntil) throw new Error(`another process holds ${lock}`, { cause: e });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250); // the other build is under way
    }
  }
  try {
    const digest = portalSourcesDigest();
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
      execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'ignore' });
      writeFileSync(stamp, digest);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  built = true;
}

/**
 * Opens Chromium on a fresh profile; its screenshots go to test-artifacts/<folder>/, emptied first. The computer's
 * zone is Europe/London unless `timezoneId` names another: the portal shows and reads Beijing time whatever it is,
 * and a walk run in another zone (UTC, America/New_York) proves it for the dates typed into its forms.
 */
export async function openPortalBrowser(folder: string, options: { timezoneId?: string } = {}): Promise<PortalBrowser> {
  const artifacts = join(ROOT, 'test-artifacts', folder);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CHROMIUM_PATH } = (await require('../../scripts/services/chromium.js').ensure()) as { CHROMIUM_PATH: string };
  const userDataDir = await mkdtemp(join(tmpdir(), `${folder}-chromium-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: options.timezoneId ?? 'Europe/London', // the portal shows Beijing time whatever the computer's zone
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // bounds on waiting for the page's own signals, generous for a busy 2-core machine (not speed goals)
  page.setDefaultTimeout(60_000);
  const consoleErrors: string[] = [];
  let expected: RegExp | null = null;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (expected?.test(m.text())) return;
    consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  let shots = 0;

  return {
    page,
    context,
    artifacts,
    consoleErrors,
    expectStatus(status) {
      expected = status;
    },
    async check(name) {
      await page.waitForLoadState('networkidle');
      shots += 1;
      await page.screenshot({ path: join(artifacts, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: true });
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as AxeResult;
      const serious = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect({ page: name, serious }).toEqual({ page: name, serious: [] });
      expect({ page: name, consoleErrors }).toEqual({ page: name, consoleErrors: [] });
    },
    async download(action) {
      const [saved] = await Promise.all([page.waitForEvent('download'), action()]);
      const path = await saved.path();
      return { name: saved.suggestedFilename(), text: readFileSync(path, 'utf8'), path };
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Logs in through the login page on a fresh session (the platform clock may have moved since the last login) and
 * waits for the landing page and its own requests (none is cut off mid-flight by the test's next navigation).
 */
export async function loginThroughPage(page: Page, baseUrl: string, user: { username: string; password: string }, landing: RegExp): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(landing);
  await page.waitForLoadState('networkidle');
}

/** The cells of a row of a report table (the statistics page), found by the table's caption and the row's heading. */
export function reportRow(page: Page, caption: string, heading: string): Promise<string[]> {
  return page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${heading}$`) }) })
    .locator('td')
    .allInnerTexts();
}
