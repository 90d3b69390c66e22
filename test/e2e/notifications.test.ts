/**
 * A payment that arrives while the app runs, end to end: the loopback devnet hub releases a unit
 * paying the watched address, main verifies and stores it, the (recording) OS shows one
 * notification with the amount and the badge counts it; a click opens History on that unit, and
 * seeing History clears the badge. The first sync, which brings the old history, announces nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { DevnetHistory, FUNDED, NEWEST_UNIT, TestHub } from '../support/test-hub';
import { recordingOs } from '../support/recording-notifications';
import { screenshotPath } from './screens';

/** 5HQY… receives 1,000,000 bytes in NEWEST_UNIT. */
const RECEIVER = FUNDED[0] ?? '';

const { port, shown, badges } = recordingOs();

let hub: TestHub;
let history: DevnetHistory;
let harness: Harness;

beforeAll(async () => {
  hub = new TestHub();
  history = new DevnetHistory({ hidden: [NEWEST_UNIT] });
  history.install(hub);
  const url = await hub.start();
  harness = await startHarness(await buildHarnessAssets(), {
    hubUrl: url,
    viewport: { width: 1280, height: 820 },
    notifications: { port },
  });
  await harness.open();
});

afterAll(async () => {
  await harness.close();
  await hub.stop();
});

describe('payment notifications', () => {
  it('announce a live payment once, open it in History, and clear the badge there', async () => {
    const page = harness.page;
    await page.getByLabel('Address', { exact: true }).fill(RECEIVER);
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    // The old history (0.11 GBYTE without the held-back unit) arrives without a notification.
    await page.getByText('0.11 GBYTE').first().waitFor({ timeout: 15_000 });
    await harness.services.light.parts.sync.syncNow();
    expect(shown).toEqual([]);
    expect(harness.services.notifications.unreadCount).toBe(0);

    history.release();
    hub.broadcast('light/have_updates');
    await until(() => shown.length > 0, 'the payment notification');
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      {
        title: 'Payment received',
        body: '+0.001 GBYTE, to a watched address (not yours). Open History for the details.',
      },
    ]);
    expect(badges.at(-1)).toBe(1);
    await page.getByText('0.111 GBYTE').first().waitFor({ timeout: 15_000 });

    shown[0]?.click();
    const details = page.getByRole('dialog', { name: /received/i });
    await details.waitFor({ timeout: 15_000 });
    await expect(details.getByText(NEWEST_UNIT).first().isVisible()).resolves.toBe(true);
    expect(page.url()).toContain('#/history');
    await until(() => badges.at(-1) === 0, 'the badge to clear');
    expect(harness.services.notifications.unreadCount).toBe(0);
    expect(shown[0]?.closed).toBe(true);
    await page.screenshot({ path: screenshotPath('notification-opens-history') });

    // Nothing new: another sync announces nothing more.
    await harness.services.light.parts.sync.syncNow();
    expect(shown).toHaveLength(1);
  });
});
