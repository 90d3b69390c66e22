/**
 * The page's trust boundary, checked in Chromium: no Node or Electron in the page, the CSP
 * blocks network access, IPC refuses other origins and malformed params, and nothing internal
 * leaks into a reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarnessAssets, startHarness, type Harness } from '../support/harness/harness';
import { INVOKE_BINDING } from '../support/harness/page-bridge';
import { serveForeignPage, type StaticServer } from '../support/harness/server';
import { METHOD_NAMES } from '../../shared/ipc/names';

let harness: Harness;
let foreign: StaticServer;

beforeAll(async () => {
  harness = await startHarness(await buildHarnessAssets());
  foreign = await serveForeignPage();
  await harness.open();
});

afterAll(async () => {
  await harness?.close();
  await foreign?.close();
});

describe('the page has no Node and no Electron', () => {
  it('has no require, process, module, Buffer or ipcRenderer', async () => {
    const globals = await harness.page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      return ['require', 'process', 'module', 'Buffer', 'ipcRenderer', 'electron'].map(
        (name) => [name, typeof scope[name]] as const,
      );
    });
    for (const [name, type] of globals) expect(type, name).toBe('undefined');
  });

  it('window.obyte offers only the contract: method groups and event subscription', async () => {
    const shape = await harness.page.evaluate(() => {
      const api = (globalThis as unknown as { obyte: Record<string, unknown> }).obyte;
      return Object.fromEntries(
        Object.entries(api).map(([key, value]) => [
          key,
          typeof value === 'function' ? 'function' : Object.keys(value as object).sort(),
        ]),
      );
    });
    // Exactly the contract's methods, grouped, and `on`: nothing else.
    const groups: Record<string, string[] | 'function'> = { on: 'function' };
    for (const method of METHOD_NAMES) {
      const [group = '', name = ''] = method.split('.');
      const list = groups[group];
      groups[group] = [...(Array.isArray(list) ? list : []), name].sort();
    }
    expect(shape).toEqual(groups);
    expect(shape).toMatchObject({ chat: expect.any(Array), bots: ['list'] });
  });
});

describe('the CSP', () => {
  it('blocks a fetch to an outside URL and to the page’s own server', async () => {
    const before = harness.server.requests.length;
    const result = await harness.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.effectiveDirective),
      );
      const attempt = async (url: string): Promise<string> => {
        try {
          await fetch(url);
          return 'reached';
        } catch (error) {
          return error instanceof TypeError ? 'blocked' : 'other';
        }
      };
      const outside = await attempt('https://example.com/');
      const own = await attempt('/csp-probe');
      const socket = await new Promise<string>((resolve) => {
        try {
          const ws = new WebSocket('wss://obyte.org/bb');
          ws.addEventListener('open', () => resolve('opened'));
          ws.addEventListener('error', () => resolve('blocked'));
          setTimeout(() => resolve('no answer'), 2000);
        } catch {
          resolve('blocked');
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { outside, own, socket, violations };
    });
    expect(result.outside).toBe('blocked');
    expect(result.own).toBe('blocked');
    expect(result.socket).toBe('blocked');
    expect(result.violations).toContain('connect-src');
    expect(harness.server.requests.slice(before)).not.toContain('/csp-probe');
  });

  it('does not run injected inline script', async () => {
    const ran = await harness.page.evaluate(async () => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const script = document.createElement('script');
      script.textContent = 'globalThis.__injected = true';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('src', 'data:,x');
      image.setAttribute('onerror', 'globalThis.__injected = true');
      document.body.append(image);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return scope['__injected'] === true;
    });
    expect(ran).toBe(false);
  });

  it('is sent as a header too, with frame-ancestors', async () => {
    const response = await fetch(`${harness.server.origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('the IPC handler table', () => {
  it('answers the app page', async () => {
    const reply = await harness.page.evaluate(() =>
      (
        globalThis as unknown as { obyte: { wallet: { getState(): Promise<unknown> } } }
      ).obyte.wallet.getState(),
    );
    expect(reply).toEqual({ ok: true, value: { state: 'none', keychainAvailable: false } });
  });

  it('rejects a call from a page of another origin', async () => {
    const page = await harness.context.newPage();
    try {
      await page.goto(`${foreign.origin}/`);
      const replies = await page.evaluate(async (binding) => {
        const scope = globalThis as unknown as Record<string, unknown>;
        const api = scope['obyte'] as { app: { getInfo(): Promise<unknown> } };
        const raw = scope[binding] as (method: string, params?: unknown) => Promise<unknown>;
        return [await api.app.getInfo(), await raw('settings.update', { theme: 'dark' })];
      }, INVOKE_BINDING);
      for (const reply of replies) {
        expect(reply).toEqual({
          ok: false,
          error: {
            code: 'forbidden_sender',
            message: 'This request did not come from the Obyte Light window.',
          },
        });
      }
      expect(harness.services.settings.get().theme).toBe('system');
    } finally {
      await page.close();
    }
  });

  it('gives bad params a validation error code and a sentence', async () => {
    const replies = await harness.page.evaluate(async (binding) => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const raw = scope[binding] as (method: string, params?: unknown) => Promise<unknown>;
      return {
        badTheme: await raw('settings.update', { theme: 'purple' }),
        extraField: await raw('settings.update', { theme: 'dark', mnemonic: 'x' }),
        empty: await raw('settings.update', {}),
        paramsForNone: await raw('status.get', { verbose: true }),
        unknown: await raw('keys.exportAll', undefined),
      };
    }, INVOKE_BINDING);
    const codes = Object.fromEntries(
      Object.entries(replies).map(([name, reply]) => [
        name,
        (reply as { error?: { code: string } }).error?.code,
      ]),
    );
    expect(codes).toEqual({
      badTheme: 'invalid_params',
      extraField: 'invalid_params',
      empty: 'invalid_params',
      paramsForNone: 'invalid_params',
      unknown: 'unknown_method',
    });
    const empty = replies.empty as { error: { message: string } };
    expect(empty.error.message).toBe('Nothing to change: the request named no setting.');
    expect(harness.services.settings.get().theme).toBe('system');
  });

  it('refuses a method that needs an unlocked wallet, in words', async () => {
    const reply = await harness.page.evaluate(() =>
      (
        globalThis as unknown as {
          obyte: { chat: { listCorrespondents(): Promise<unknown> } };
        }
      ).obyte.chat.listCorrespondents(),
    );
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'wallet_locked',
        message:
          'This needs an unlocked wallet, and no wallet is unlocked. Create, restore or unlock a wallet first.',
      },
    });
  });
});
