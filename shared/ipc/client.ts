/**
 * Builds `window.obyte` from the method names and two transport functions. The Electron preload
 * passes `ipcRenderer.invoke`; the browser harness passes its test bridge. Both get the same
 * object, so the page cannot tell them apart. Pure: no zod, no Node, no DOM.
 */
import type { IpcReply } from './errors';
import type { EventPayload, ParamsOf, ResultOf } from './contract';
import { EVENT_NAMES, METHOD_NAMES, type EventName, type MethodName } from './names';

type Call<N extends MethodName> = [ParamsOf<N>] extends [undefined]
  ? () => Promise<IpcReply<ResultOf<N>>>
  : (params: ParamsOf<N>) => Promise<IpcReply<ResultOf<N>>>;

type GroupOf<N extends string> = N extends `${infer G}.${string}` ? G : never;
type Group = GroupOf<MethodName>;

type GroupApi<G extends Group> = {
  readonly [N in MethodName as N extends `${G}.${infer M}` ? M : never]: Call<N>;
};

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export type ObyteApi = { readonly [G in Group]: GroupApi<G> } & {
  /** Subscribe to an event from main; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: EventListener<E>) => () => void;
};

export type Invoke = (method: MethodName, params: unknown) => Promise<unknown>;
export type Subscribe = (listener: (event: EventName, payload: unknown) => void) => void;

export const UNAVAILABLE_MESSAGE =
  "The wallet's background process did not answer. Try again; if it keeps happening, restart Obyte Light.";

function isReply(value: unknown): value is IpcReply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

export function createObyteApi(invoke: Invoke, subscribe: Subscribe): ObyteApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  for (const name of EVENT_NAMES) listeners.set(name, new Set());
  subscribe((event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });

  const api: Record<string, Record<string, (params?: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    const [group, name] = method.split('.') as [string, string];
    const call = async (params?: unknown): Promise<unknown> => {
      try {
        const reply = await invoke(method, params);
        if (isReply(reply)) return reply;
      } catch {
        // The transport failed; the page gets the same plain sentence as for a malformed reply.
      }
      return { ok: false, error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE } };
    };
    (api[group] ??= {})[name] = call;
  }

  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(event);
    if (!set) return () => undefined;
    set.add(listener);
    return () => set.delete(listener);
  };

  return Object.freeze({ ...api, on }) as unknown as ObyteApi;
}
