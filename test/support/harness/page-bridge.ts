/**
 * Runs inside the test page before the app (as a Playwright init script). Stands in for the
 * Electron preload: builds `window.obyte` with the same `createObyteApi`, over a Playwright
 * binding instead of `ipcRenderer`. Test-only; never part of the production build.
 */
import { createObyteApi } from '../../../shared/ipc/client';
import { isEventName, type EventName } from '../../../shared/ipc/names';

export const INVOKE_BINDING = '__obyteHarnessInvoke';
export const DELIVER_HOOK = '__obyteHarnessDeliver';

type Binding = (method: string, params: unknown) => Promise<unknown>;

function install(): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  let deliver: ((event: EventName, payload: unknown) => void) | undefined;
  const api = createObyteApi(
    (method, params) => {
      const binding = scope[INVOKE_BINDING];
      if (typeof binding !== 'function') return Promise.reject(new Error('no bridge'));
      return (binding as Binding)(method, params);
    },
    (listener) => {
      deliver = listener;
    },
  );
  Object.defineProperty(globalThis, 'obyte', { value: api, enumerable: true });
  Object.defineProperty(globalThis, DELIVER_HOOK, {
    value: (event: unknown, payload: unknown) => {
      if (isEventName(event)) deliver?.(event, payload);
    },
  });
}

install();
