/** Shared e2e helpers: the screen list, screenshot folder, and axe. */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export { SCREENS } from '../../renderer/lib/screens';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, `${name}.png`);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page (evaluated, so the page's CSP stays as it is). axe's color-contrast
 * skips text clipped by a scroll container, which is all of <main> below the fold: so contrast is
 * checked a second time with every scroll container laid out whole (inline styles, put back
 * afterwards), and what that finds is added.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    interface AxeResults {
      violations: Array<{
        id: string;
        impact?: string | null;
        help: string;
        nodes: Array<{ target: unknown[] }>;
      }>;
    }
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: Document, options?: object) => Promise<AxeResults> };
      }
    ).axe;
    const found = new Map<
      string,
      { id: string; impact: string | null; help: string; targets: string[] }
    >();
    const add = (results: AxeResults): void => {
      for (const violation of results.violations) {
        const entry = found.get(violation.id) ?? {
          id: violation.id,
          impact: violation.impact ?? null,
          help: violation.help,
          targets: [],
        };
        for (const node of violation.nodes) {
          const target = node.target.map(String).join(' ');
          if (!entry.targets.includes(target)) entry.targets.push(target);
        }
        found.set(violation.id, entry);
      }
    };
    add(await axe.run(document));

    const changed: Array<{ element: HTMLElement; hadStyle: boolean; saved: string[] }> = [];
    const PROPERTIES = ['overflow', 'overflow-y', 'height', 'max-height'];
    const unroll = (element: HTMLElement): void => {
      if (changed.some((c) => c.element === element)) return;
      changed.push({
        element,
        hadStyle: element.hasAttribute('style'),
        saved: PROPERTIES.map((name) => element.style.getPropertyValue(name)),
      });
      element.style.setProperty('overflow', 'visible');
      element.style.setProperty('height', 'auto');
      element.style.setProperty('max-height', 'none');
    };
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const { overflowY } = getComputedStyle(element);
      if (
        (overflowY !== 'auto' && overflowY !== 'scroll') ||
        element.scrollHeight <= element.clientHeight
      ) {
        continue;
      }
      unroll(element);
      // Ancestors that clip (the shell is one window high) must grow with it.
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowY !== 'visible') unroll(up);
      }
    }
    if (changed.length > 0) {
      try {
        add(await axe.run(document, { runOnly: ['color-contrast'] }));
      } finally {
        for (const { element, hadStyle, saved } of changed) {
          PROPERTIES.forEach((name, i) => element.style.setProperty(name, saved[i] ?? ''));
          if (!hadStyle) element.removeAttribute('style');
        }
      }
    }
    return [...found.values()];
  });
}

/**
 * What scrolls sideways on the page: the document, and every element that scrolls (overflow-x
 * auto or scroll) whose content is wider than its box. Empty when nothing does (UX.md: no screen
 * scrolls sideways from 360 px up). Each entry names the element and the widest thing in it.
 */
export async function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList]
        .filter((c) => !c.startsWith('svelte-'))
        .map((c) => `.${c}`)
        .join('')}`;
    const scrollers = [
      document.documentElement,
      document.body,
      ...[...document.querySelectorAll<HTMLElement>('body *')].filter((el) => {
        const { overflowX } = getComputedStyle(el);
        return overflowX === 'auto' || overflowX === 'scroll';
      }),
    ];
    for (const el of scrollers) {
      if (el.scrollWidth <= el.clientWidth) continue;
      const edge = el.getBoundingClientRect().left + el.clientWidth;
      let widest = '';
      let right = edge;
      for (const inner of el.querySelectorAll('*')) {
        const r = inner.getBoundingClientRect().right;
        if (r > right + 0.5) {
          right = r;
          widest = name(inner);
        }
      }
      found.push(
        `${name(el)}: ${el.scrollWidth} > ${el.clientWidth}${widest ? ` (${widest})` : ''}`,
      );
    }
    return found;
  });
}

/** axe's serious and critical findings on the page, one line each naming `where`. */
export async function seriousAxe(page: Page, where: string): Promise<string[]> {
  return (await runAxe(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

/** No serious or critical axe finding on the page. */
export async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  expect(await seriousAxe(page, where)).toEqual([]);
}

/** A full-page screenshot named `name`, with no serious or critical axe finding on it. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  await expectNoSeriousAxe(page, name);
}

/** Both themes at the narrowest and the usual desktop width. */
export const LOOKS = [
  { theme: 'light', width: 360, height: 740 },
  { theme: 'light', width: 1280, height: 800 },
  { theme: 'dark', width: 360, height: 740 },
  { theme: 'dark', width: 1280, height: 800 },
] as const;

/**
 * Screenshots of the state in the four LOOKS; no serious or critical axe finding and nothing
 * that scrolls sideways in any of them. `show` scrolls a part into view for the screenshots.
 */
export async function expectLooks(page: Page, state: string, show?: () => Locator): Promise<void> {
  const found: string[] = [];
  for (const { theme, width, height } of LOOKS) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
    await page.setViewportSize({ width, height });
    if (show) await show().scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`${state}-${theme}-${width}`) });
    for (const v of await runAxe(page)) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      found.push(`${theme} ${width}: ${v.id} [${v.impact}] ${v.help} at ${v.targets.join(', ')}`);
    }
    for (const s of await sidewaysScroll(page)) found.push(`${width} px scrolls sideways: ${s}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(found, state).toEqual([]);
}
