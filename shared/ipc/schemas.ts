/**
 * The values that cross IPC, as zod schemas. Main parses every param and every result with
 * these; the renderer sees only the inferred types.
 */
import { z } from 'zod';

export const NetworkSchema = z.enum(['mainnet', 'testnet', 'devnet']);
export type Network = z.infer<typeof NetworkSchema>;

export const ThemePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemePreferenceSchema>;

/** Units for showing byte amounts; 1 GBYTE = 10^9 bytes. Amounts stay integers on the wire. */
export const DisplayUnitSchema = z.enum(['GBYTE', 'MB', 'KB', 'bytes']);
export type DisplayUnit = z.infer<typeof DisplayUnitSchema>;

const HUB_URL_PATTERN = /^wss?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s]*)?$/;

/** A hub address the user typed: ws:// or wss://, a host, an optional port and path. */
export const HubUrlSchema = z
  .string({ message: 'The hub address must be text.' })
  .trim()
  .min(1, { message: 'Enter a hub address, for example ws://localhost:6611.' })
  .max(200, { message: 'That hub address is too long (at most 200 characters).' })
  .regex(HUB_URL_PATTERN, {
    message: 'The hub address must start with ws:// or wss://, for example ws://localhost:6611.',
  });

export const SettingsSchema = z.object({
  theme: ThemePreferenceSchema,
  network: NetworkSchema,
  /** Used only when `network` is devnet: devnets have no public hub. */
  devnetHubUrl: HubUrlSchema,
  unit: DisplayUnitSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .strictObject({
    theme: ThemePreferenceSchema.optional(),
    network: NetworkSchema.optional(),
    devnetHubUrl: HubUrlSchema.optional(),
    unit: DisplayUnitSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'Nothing to change: the request named no setting.',
  });
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  network: NetworkSchema,
  /** The data folder of the current network, with the home folder shortened to `~`. */
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ConnectionStateSchema = z.enum(['offline', 'connecting', 'connected', 'disconnected']);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const epochMs = z.number().int().nonnegative();

export const SyncStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.literal('running'),
    /** What is being done, in words: "Verifying history". */
    task: z.string().max(120),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().nullable(),
  }),
]);
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const StatusSchema = z.object({
  network: NetworkSchema,
  hubUrl: z.string(),
  connection: z.object({
    state: ConnectionStateSchema,
    /** When the connection entered this state; null when it never changed since start. */
    since: epochMs.nullable(),
    /** Why, in words, when there is something to say ("No hub client in this version"). */
    detail: z.string().max(300).nullable(),
  }),
  /** The last main-chain index the hub proved stable to us; null until we have one. */
  lastStableMci: z.number().int().nonnegative().nullable(),
  /** When we learned `lastStableMci`. */
  lastStableMciAt: epochMs.nullable(),
  sync: SyncStatusSchema,
  /** Chat messages waiting to be delivered. */
  outbox: z.number().int().nonnegative(),
});
export type Status = z.infer<typeof StatusSchema>;

export const WalletStateSchema = z.discriminatedUnion('exists', [
  z.object({ exists: z.literal(false) }),
  z.object({ exists: z.literal(true), unlocked: z.boolean() }),
]);
export type WalletState = z.infer<typeof WalletStateSchema>;
