/**
 * The shell in Chromium against the browser harness: it loads, every screen is reachable by
 * mouse and keyboard, events from main reach the page, settings round-trip through the real
 * services, IPC errors are shown as sentences. Each screen is screenshotted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHarnessAssets,
  startHarness,
  type Harness,
  type HarnessAssets,
} from '../support/harness/harness';
import {
  expectNoSeriousAxe,
  runAxe,
  SCREENS,
  screenshotPath,
  shoot,
  sidewaysScroll,
} from './screens';
import { GO_TO_KEY, shortcutDigit } from '../../shared/ipc/screens';

let assets: HarnessAssets;
let harness: Harness;

beforeAll(async () => {
  assets = await buildHarnessAssets();
  harness = await startHarness(assets);
  await harness.open();
});

afterAll(async () => {
  await harness?.close();
});

const statusBar = () => harness.page.locator('footer[aria-label="Status"]');

/** Waits until the shown screen's heading is `label` (navigation is asynchronous). */
async function expectScreen(label: string): Promise<void> {
  await harness.page.waitForFunction(
    (expected) => document.querySelector('main h1')?.textContent === expected,
    label,
    { timeout: 5_000 },
  );
  await expect(harness.page.title()).resolves.toBe(`${label} — Obyte Light`);
}

describe('the shell loads', () => {
  it('shows the wallet screen, the sidebar and an honest status bar', async () => {
    const { page } = harness;
    await expect(page.title()).resolves.toBe('Wallet — Obyte Light');
    await expectScreen('Wallet');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    const text = await statusBar().innerText();
    expect(text).toContain('Mainnet');
    expect(text).toContain('obyte.org/bb');
    expect(text).toContain('Offline');
    expect(text).toContain('not known yet');
    expect(text).toContain('Idle');
    expect(text).toContain('Empty');
    await expect(page.getByRole('heading', { name: 'No wallet yet' }).isVisible()).resolves.toBe(
      true,
    );
  });
});

describe('navigation', () => {
  it('reaches every screen with the mouse', async () => {
    const { page } = harness;
    for (const screen of SCREENS) {
      await page.locator(`nav a[data-screen="${screen.id}"]`).click();
      await expectScreen(screen.label);
      await expect(
        page.locator(`nav a[data-screen="${screen.id}"]`).getAttribute('aria-current'),
      ).resolves.toBe('page');
      await expect(page.title()).resolves.toBe(`${screen.label} — Obyte Light`);
    }
  });

  it('reaches every screen with the keyboard: Tab, arrows, Enter', async () => {
    const { page } = harness;
    await harness.open(page, '#/wallet');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Skip to content',
    );
    await page.keyboard.press('Tab');
    for (const [index, screen] of SCREENS.entries()) {
      const focused = await page.evaluate(() =>
        document.activeElement?.getAttribute('data-screen'),
      );
      expect(focused).toBe(screen.id);
      await page.keyboard.press('Enter');
      await expectScreen(screen.label);
      if (index < SCREENS.length - 1) await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Home');
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('data-screen')),
    ).resolves.toBe('wallet');
  });

  it('jumps to screens with Ctrl+number and follows back/forward', async () => {
    const { page } = harness;
    // Each screen's digit is its place in the sidebar (shared/ipc/screens.ts).
    await page.keyboard.press(`Control+${String(shortcutDigit('settings'))}`);
    await expectScreen('Settings');
    await page.keyboard.press(`Control+${String(shortcutDigit('history'))}`);
    await expectScreen('History');
    await page.goBack();
    await expectScreen('Settings');
  });

  it('reaches every screen, past the ninth too, from "Go to a screen" (Ctrl+K)', async () => {
    const { page } = harness;
    await harness.open(page, '#/wallet');
    // Screens without a digit of their own (shared/ipc/screens.ts): at least the tenth.
    const undigited = SCREENS.filter((screen) => shortcutDigit(screen.id) === null);
    expect(undigited.map((screen) => screen.id)).toContain(SCREENS[9]?.id);
    for (const screen of SCREENS) {
      await page.keyboard.press(`Control+${GO_TO_KEY.toUpperCase()}`);
      const dialog = page.getByRole('dialog', { name: 'Go to a screen' });
      await dialog.waitFor();
      await expect(page.evaluate(() => document.activeElement?.getAttribute('id'))).resolves.toBe(
        'goto-query',
      );
      if (screen.id === SCREENS[9]?.id) await shoot(page, 'go-to-screen');
      // A few letters and Enter (the first match) or the arrow keys to it.
      await page.keyboard.type(screen.label.slice(0, 4));
      const first = await dialog.getByRole('list', { name: 'Screens' }).getByRole('button').first();
      if ((await first.innerText()).startsWith(screen.label)) {
        await page.keyboard.press('Enter');
      } else {
        await page.keyboard.press('ArrowDown');
        while (
          !(await page.evaluate(() => document.activeElement?.textContent ?? '')).startsWith(
            screen.label,
          )
        ) {
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
      }
      await expectScreen(screen.label);
      await dialog.waitFor({ state: 'detached' });
    }
    // Tab stays in the dialog (it is modal): from Close, the last control, back to the field.
    await page.keyboard.press(`Control+${GO_TO_KEY.toUpperCase()}`);
    await page.getByRole('button', { name: 'Close', exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('id'))).resolves.toBe(
      'goto-query',
    );
    await page.keyboard.press('Escape');
    // Escape closes it and gives the focus back; a name that matches nothing says so.
    await page.keyboard.press(`Control+${GO_TO_KEY.toUpperCase()}`);
    await page.keyboard.type('nowhere');
    await page.getByRole('status').filter({ hasText: 'No screen is called that.' }).waitFor();
    await expectNoSeriousAxe(page, 'go-to-screen-no-match');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Go to a screen' }).waitFor({ state: 'detached' });
  });

  it('skips to the content with the skip link', async () => {
    const { page } = harness;
    await harness.open(page, '#/history');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // The first control of the History screen: the asset filter.
    const focused = await page.evaluate(() =>
      document.activeElement?.closest('label')?.textContent?.trim(),
    );
    expect(focused).toMatch(/^Asset/);
  });
});

describe('events from main', () => {
  it('a statusChanged emitted in main changes the status bar', async () => {
    const { services } = harness;
    const before = services.status.get();
    services.events.emit('statusChanged', {
      ...before,
      connection: { state: 'connected', since: Date.UTC(2025, 0, 1, 12, 0), detail: null },
      lastStableMci: 12_345_678,
      lastStableMciAt: Date.UTC(2025, 0, 1, 12, 1),
      sync: { state: 'running', task: 'Verifying history', done: 320, total: 505 },
      outbox: 2,
    });
    await statusBar().getByText('Verifying history 320/505').waitFor();
    const text = await statusBar().innerText();
    expect(text).toContain('Connected since');
    expect(text).toContain('12,345,678');
    expect(text).toContain('2 payments');
    services.events.emit('statusChanged', before);
    await statusBar().getByText('Offline').waitFor();
  });

  it("the Go menu's navigate event shows that screen; the sidebar names each shortcut", async () => {
    const { page, services } = harness;
    services.events.emit('navigate', { screen: 'receive' });
    await expectScreen('Receive');
    services.events.emit('navigate', { screen: 'wallet' });
    await expectScreen('Wallet');
    // Go → Go to a Screen… opens the page's list, focused; asked again while open, it stays open.
    const goTo = page.getByRole('dialog', { name: 'Go to a screen' });
    services.events.emit('navigate', { goTo: true });
    await goTo.waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('goto-query');
    services.events.emit('navigate', { goTo: true });
    await page.waitForTimeout(200);
    await expect(goTo.count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await goTo.waitFor({ state: 'detached' });
    await expectScreen('Wallet');
    const shortcuts = await page
      .getByRole('navigation', { name: 'Main' })
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('aria-keyshortcuts')));
    // Ctrl or Cmd and 1 to 9: a tenth screen and after have none.
    expect(shortcuts).toEqual(
      SCREENS.map((_, i) => (i < 9 ? `Control+${i + 1} Meta+${i + 1}` : null)),
    );
  });

  it('the connection panel opens from the status bar and closes with Escape', async () => {
    const { page } = harness;
    const toggle = page.getByRole('button', { name: 'Connection details' });
    await toggle.click();
    const panel = page.getByRole('region', { name: 'Connection' });
    await expect(panel.innerText()).resolves.toContain('Not connected to a hub yet');
    await expect(panel.innerText()).resolves.toContain('wss://obyte.org/bb');
    await page.screenshot({ path: screenshotPath('connection-panel-light') });
    await page.keyboard.press('Escape');
    await expect(panel.count()).resolves.toBe(0);
    await expect(toggle.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });
});

describe('settings through the real services', () => {
  it('switching to testnet saves, announces and updates the status bar', async () => {
    const { page, services } = harness;
    await harness.open(page, '#/settings');
    await page.getByRole('radio', { name: /Testnet/ }).check();
    await page.getByRole('button', { name: 'Save network' }).click();
    await statusBar().getByText('Testnet').waitFor();
    expect(services.settings.get().network).toBe('testnet');
    await expect(page.getByRole('status').innerText()).resolves.toBe('Saved.');
    await expect(page.getByRole('navigation', { name: 'Main' }).textContent()).resolves.toContain(
      'Testnet not real money',
    );
    await expect(page.locator('.about').innerText()).resolves.toContain('testnet');
  });

  it('a settings change made in main reaches the page', async () => {
    const { page, services } = harness;
    await services.settings.update({ theme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
    await expect(page.getByRole('radio', { name: /Dark/ }).isChecked()).resolves.toBe(true);
    await services.settings.update({ theme: 'system' });
    await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'light');
  });

  it('shows a rejected devnet hub address as a sentence, not a code', async () => {
    const { page, services } = harness;
    await page.getByRole('radio', { name: /Devnet/ }).check();
    await page.getByLabel('Hub address').fill('http://localhost:6611');
    // Checked as the user types, in words, next to the field.
    await expect(page.locator('#hub-url-problem').innerText()).resolves.toBe(
      'The hub address must start with ws:// or wss://, then a host and an optional port and path, for example ws://localhost:6611.',
    );
    await page.getByLabel('Hub address').press('Enter');
    const alert = page.locator('form [role="alert"]');
    await alert.waitFor();
    const message = await alert.innerText();
    expect(message).toBe(
      'The network was not changed. The hub address must start with ws:// or wss://, then a host and an optional port and path, for example ws://localhost:6611.',
    );
    expect(message).not.toMatch(/invalid_params|Error:|\bat \w/);
    expect(services.settings.get().network).toBe('testnet');
    await page.screenshot({ path: screenshotPath('settings-error-light') });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await services.settings.update({ network: 'mainnet' });
    await statusBar().getByText('Mainnet').waitFor();
  });
});

describe('screenshots', () => {
  // One test per theme and width, each with room for a loaded machine: every screen is opened,
  // photographed and checked by axe, which takes a few seconds each under load.
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [360, 1280]) {
      it(
        `captures every screen in the ${theme} theme at ${width} px: no serious axe finding, nothing sideways`,
        { timeout: 240_000 },
        async () => {
          const { page } = harness;
          await page.emulateMedia({ colorScheme: theme });
          const found: string[] = [];
          try {
            await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
            for (const screen of SCREENS) {
              await harness.open(page, `#/${screen.id}`);
              await page.waitForFunction(
                (expected) => document.documentElement.dataset['theme'] === expected,
                theme,
              );
              await page.screenshot({ path: screenshotPath(`${screen.id}-${theme}-${width}`) });
              for (const v of await runAxe(page)) {
                if (v.impact !== 'serious' && v.impact !== 'critical') continue;
                found.push(`${screen.id} ${width}: ${v.id} ${v.help} at ${v.targets.join(', ')}`);
              }
              for (const s of await sidewaysScroll(page)) found.push(`${screen.id} ${width}: ${s}`);
            }
          } finally {
            await page.setViewportSize({ width: 1180, height: 760 });
          }
          expect(found).toEqual([]);
        },
      );
    }
  }

  it('collapses the sidebar to icons in a narrow window, with labels on focus', async () => {
    const { page } = harness;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 720, height: 620 });
    await harness.open(page, '#/wallet');
    const label = page.locator('nav a[data-screen="send"] .label');
    await page.locator('nav a[data-screen="send"]').focus();
    await expect(label.isVisible()).resolves.toBe(true);
    const width = await page.locator('nav.sidebar').evaluate((el) => el.clientWidth);
    expect(width).toBeLessThan(80);
    await page.screenshot({ path: screenshotPath('narrow-wallet-light') });
    await page.setViewportSize({ width: 1180, height: 760 });
  });
});
