/**
 * The one IPC contract. Adding a method here (and its name to `names.ts`) is the only way to add
 * IPC. Main validates params and results with these schemas and enforces the capability flags.
 */
import { z } from 'zod';
import type { EventName, MethodName } from './names';
import {
  AppInfoSchema,
  SettingsPatchSchema,
  SettingsSchema,
  StatusSchema,
  WalletStateSchema,
} from './schemas';

/** A method that takes nothing accepts only `undefined` (what `fn()` sends). */
export const NoParams = z.undefined({ message: 'This request takes no parameters.' });

export interface MethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  /** The method works only while a wallet is unlocked; main refuses it otherwise. */
  readonly needsUnlockedWallet: boolean;
}

export const methods = {
  'app.getInfo': { params: NoParams, result: AppInfoSchema, needsUnlockedWallet: false },
  'settings.get': { params: NoParams, result: SettingsSchema, needsUnlockedWallet: false },
  'settings.update': {
    params: SettingsPatchSchema,
    result: SettingsSchema,
    needsUnlockedWallet: false,
  },
  'status.get': { params: NoParams, result: StatusSchema, needsUnlockedWallet: false },
  'wallet.getState': { params: NoParams, result: WalletStateSchema, needsUnlockedWallet: false },
  'wallet.lock': { params: NoParams, result: WalletStateSchema, needsUnlockedWallet: true },
} as const satisfies { readonly [N in MethodName]: MethodSpec };

export const events = {
  statusChanged: StatusSchema,
  settingsChanged: SettingsSchema,
} as const satisfies { readonly [E in EventName]: z.ZodType };

export type Methods = typeof methods;
export type ParamsOf<N extends MethodName> = z.input<Methods[N]['params']>;
export type ResultOf<N extends MethodName> = z.output<Methods[N]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
