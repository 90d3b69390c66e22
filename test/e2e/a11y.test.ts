/** axe-core on every screen, in the light and the dark theme, wide and narrow. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { runAxe, SCREENS } from './screens';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(await buildHarnessAssets());
});

afterAll(async () => {
  await harness?.close();
});

const BLOCKING = new Set(['serious', 'critical']);

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const viewport of [
      { name: 'wide', width: 1180, height: 760 },
      { name: 'narrow', width: 700, height: 600 },
    ]) {
      it(`has no serious or critical axe violations: ${theme}, ${viewport.name}`, async () => {
        const { page } = harness;
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const found: string[] = [];
        for (const screen of SCREENS) {
          await harness.open(page, `#/${screen.id}`);
          const violations = await runAxe(page);
          for (const violation of violations.filter((v) => BLOCKING.has(v.impact ?? ''))) {
            found.push(
              `${screen.id}: ${violation.id} (${violation.help}) at ${violation.targets.join(', ')}`,
            );
          }
        }
        expect(found).toEqual([]);
      });
    }
  }

  it('has no serious or critical violations with the connection panel open', async () => {
    const { page } = harness;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1180, height: 760 });
    await harness.open(page, '#/wallet');
    await page.getByRole('button', { name: 'Connection details' }).click();
    const violations = await runAxe(page);
    expect(violations.filter((v) => BLOCKING.has(v.impact ?? ''))).toEqual([]);
  });
});

describe('the axe check itself', () => {
  it('catches a violation when there is one (so zero above means zero)', async () => {
    const { page } = harness;
    await harness.open(page, '#/wallet');
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      document.querySelector('main')?.append(input);
    });
    const violations = await runAxe(page);
    expect(violations.map((v) => v.id)).toContain('label');
  });
});
