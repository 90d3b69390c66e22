/**
 * The values that cross IPC, as zod schemas. Main parses every param and every result with
 * these; the renderer sees only the inferred types.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { hubProblem } from '../protocol/pairing';
import { NETWORK_NAMES, type Network } from '../protocol/wire';
import { DISPLAY_UNITS, type DisplayUnit } from '../vocabulary/amount-text';
import { fallbackHubsProblem, hubUrlProblem, MAX_FALLBACK_HUBS } from '../vocabulary/hub-urls';

export const NetworkSchema = lazySchema(() => z.enum(NETWORK_NAMES));
export type { Network };

export const ThemePreferenceSchema = lazySchema(() => z.enum(['system', 'light', 'dark']));
export type ThemePreference = z.infer<typeof ThemePreferenceSchema>;

/** Units for showing byte amounts (shared/vocabulary/amount-text.ts). */
export const DisplayUnitSchema = lazySchema(() => z.enum(DISPLAY_UNITS));
export type { DisplayUnit };

/**
 * Which coins of units not yet stable a payment may spend (ocore's `spend_unconfirmed`): none,
 * the wallet's own change only (ocore's default), or all, including what others sent.
 */
export const SpendUnconfirmedSchema = lazySchema(() => z.enum(['none', 'own', 'all']));
export type SpendUnconfirmedSetting = z.infer<typeof SpendUnconfirmedSchema>;

/** A currency the hub quotes GBYTE in ("USD", "BTC", as in its GBYTE_USD…), or 'off'. */
export const FiatCurrencySchema = lazySchema(() =>
  z.union([
    z.literal('off'),
    z.string().regex(/^[A-Z]{3,5}$/, { message: 'A currency is a code such as USD.' }),
  ]),
);
export type FiatCurrency = z.infer<typeof FiatCurrencySchema>;

const HUB_URL_PATTERN = /^wss?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s]*)?$/;

/** A hub address the user typed: ws:// or wss://, a host, an optional port and path. */
export const HubUrlSchema = lazySchema(() =>
  z
    .string({ message: 'The hub address must be text.' })
    .trim()
    .min(1, { message: 'Enter a hub address, for example ws://localhost:6611.' })
    .max(200, { message: 'That hub address is too long (at most 200 characters).' })
    .regex(HUB_URL_PATTERN, {
      message: 'The hub address must start with ws:// or wss://, for example ws://localhost:6611.',
    })
    .superRefine((url, context) => {
      // Host, port and path by the rules of pairing codes: nothing accepted fails to connect.
      const problem = HUB_URL_PATTERN.test(url) ? hubProblem(url.replace(/^wss?:\/\//, '')) : null;
      if (problem !== null) {
        context.addIssue({
          code: 'custom',
          message: `That hub address cannot be used: ${problem}.`,
        });
      }
    }),
);

/** Our device name, as peers see it: 1…100 characters of plain text. */
export const DeviceNameSchema = lazySchema(() =>
  z
    .string({ message: 'The device name must be text.' })
    .trim()
    .min(1, { message: 'Enter a device name.' })
    .max(100, { message: 'A device name has at most 100 characters.' })
    // eslint-disable-next-line no-control-regex -- control characters are what we refuse
    .refine((name) => !/[<>\u0000-\u001f\u007f]/.test(name), {
      message: 'A device name cannot contain < > or control characters.',
    }),
);

/**
 * A network's own hub choice: a hub instead of the default one, and fallback hubs the client
 * moves to when it cannot reach the first (in this order). Mainnet and testnet accept only
 * wss:// (real coins and messages travel over it); a devnet accepts ws:// too (hub-urls.ts).
 */
export const NetworkHubsSchema = lazySchema(() =>
  z.object({
    url: z.string().trim(),
    fallbacks: z.array(z.string().trim()).max(MAX_FALLBACK_HUBS),
  }),
);
export type NetworkHubs = z.infer<typeof NetworkHubsSchema>;

/** Absent for a network: its default hub (devnet: `devnetHubUrl`) and no fallbacks. */
export const CustomHubsSchema = lazySchema(() =>
  z
    .object({
      mainnet: NetworkHubsSchema.optional(),
      testnet: NetworkHubsSchema.optional(),
      devnet: NetworkHubsSchema.optional(),
    })
    .superRefine((hubs, context) => {
      for (const network of NetworkSchema.options) {
        const choice = hubs[network];
        if (!choice) continue;
        const problem =
          hubUrlProblem(network, choice.url) ?? fallbackHubsProblem(network, choice.fallbacks);
        if (problem) context.addIssue({ code: 'custom', message: problem, path: [network] });
      }
    }),
);
export type CustomHubs = z.infer<typeof CustomHubsSchema>;

export const SettingsSchema = lazySchema(() =>
  z.object({
    theme: ThemePreferenceSchema,
    network: NetworkSchema,
    /** Used only when `network` is devnet: devnets have no public hub. */
    devnetHubUrl: HubUrlSchema,
    unit: DisplayUnitSchema,
    /** Hubs the user chose per network (absent: the defaults). */
    customHubs: CustomHubsSchema.optional(),
    /** The name other devices see when we pair with them (chat). */
    deviceName: DeviceNameSchema,
    /** Which unconfirmed coins payments may spend (absent in older files: 'own'). */
    spendUnconfirmed: SpendUnconfirmedSchema,
    /** Show values in this currency from the hub's rates, or 'off' (the default). */
    fiatCurrency: FiatCurrencySchema,
  }),
);
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = lazySchema(() =>
  z
    .strictObject({
      theme: ThemePreferenceSchema.optional(),
      network: NetworkSchema.optional(),
      devnetHubUrl: HubUrlSchema.optional(),
      unit: DisplayUnitSchema.optional(),
      /** Replaces the whole choice (send every network's entry that should stay). */
      customHubs: CustomHubsSchema.optional(),
      deviceName: DeviceNameSchema.optional(),
      spendUnconfirmed: SpendUnconfirmedSchema.optional(),
      fiatCurrency: FiatCurrencySchema.optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, {
      message: 'Nothing to change: the request named no setting.',
    }),
);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const AppInfoSchema = lazySchema(() =>
  z.object({
    name: z.string(),
    version: z.string(),
    network: NetworkSchema,
    /** The data folder of the current network, with the home folder shortened to `~`. */
    dataDir: z.string(),
  }),
);
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ConnectionStateSchema = lazySchema(() =>
  z.enum(['offline', 'connecting', 'connected', 'disconnected']),
);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const epochMs = lazySchema(() => z.number().int().nonnegative());

export const SyncStatusSchema = lazySchema(() =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('idle') }),
    z.object({
      state: z.literal('running'),
      /** What is being done, in words: "Verifying history". */
      task: z.string().max(120),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative().nullable(),
    }),
  ]),
);
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/**
 * With a fallback hub configured, the wallet asks it too after every sync: does it know the
 * pending units the main hub served, and does it have units of the wallet's addresses that the
 * main hub did not send? Its answer is never a proof; it is shown in words.
 */
export const SecondHubStatusSchema = lazySchema(() =>
  z.object({
    hubUrl: z.string().max(200),
    /**
     * 'agrees': no difference found; 'disagrees': a difference (see `summary`); 'unavailable':
     * it could not be asked (down, refused, busy as the main hub); 'checking', 'waiting': not yet.
     */
    state: z.enum(['waiting', 'checking', 'agrees', 'disagrees', 'unavailable']),
    /** In words, whole: what was compared and what was found. */
    summary: z.string().max(600),
    checkedAt: epochMs.nullable(),
  }),
);
export type SecondHubStatus = z.infer<typeof SecondHubStatusSchema>;

/**
 * The hub's exchange rates as it last pushed them (`exchange_rates`): the price of one whole
 * GBYTE or token, keyed "GBYTE_USD", "<asset id>_USD"…; the hub's word, never proven. Null until
 * the hub of this run sent any.
 */
export const ExchangeRatesSchema = lazySchema(() =>
  z
    .object({
      rates: z.record(z.string().max(60), z.number().positive().max(1e12)),
      /** When the rates arrived (the push carries no time of its own). */
      receivedAt: epochMs,
      /** The hub that sent them. */
      hub: z.string().max(300),
    })
    .nullable(),
);
export type ExchangeRates = z.infer<typeof ExchangeRatesSchema>;

export const StatusSchema = lazySchema(() =>
  z.object({
    network: NetworkSchema,
    hubUrl: z.string(),
    connection: z.object({
      state: ConnectionStateSchema,
      /** When the connection entered this state; null when it never changed since start. */
      since: epochMs.nullable(),
      /** Why, in words, when there is something to say ("No hub client in this version"). */
      detail: z.string().max(300).nullable(),
      /** The hub this state is about (with fallback hubs, not always `hubUrl`). */
      url: z.string().max(200).nullable().optional(),
      /** Why the connection was lost, in words (disconnected only). */
      reason: z.string().max(300).nullable().optional(),
      /** When the next connection attempt starts (disconnected only). */
      retryAt: epochMs.nullable().optional(),
    }),
    /** The last main-chain index the hub proved stable to us; null until we have one. */
    lastStableMci: z.number().int().nonnegative().nullable(),
    /** When we learned `lastStableMci`. */
    lastStableMciAt: epochMs.nullable(),
    /** The timestamp of the unit at `lastStableMci` (its age is `lastStableMciAt` minus this). */
    lastStableUnitAt: epochMs.nullable().optional(),
    /** How many witnesses the hub named for this sync; null until it did. */
    witnesses: z.number().int().nonnegative().nullable().optional(),
    sync: SyncStatusSchema,
    /** What went wrong in the last sync, in plain words (absent or null: nothing). */
    problem: z.string().max(500).nullable().optional(),
    /** When `problem` happened. */
    problemAt: epochMs.nullable().optional(),
    /** When the sync tries again after `problem`; null: only on the next push or reconnect. */
    retryAt: epochMs.nullable().optional(),
    /**
     * Why the last sync could not compare our balances with the hub's own (it refused or did not
     * answer `light/get_balances`), in words; absent or null when it could. Optional: the verified
     * balances stand without it.
     */
    crossCheck: z.string().max(400).nullable().optional(),
    /** Chat messages waiting to be delivered. */
    outbox: z.number().int().nonnegative(),
    /** The second hub's word on what the main hub served (absent or null: no second hub). */
    secondHub: SecondHubStatusSchema.nullable().optional(),
  }),
);
export type Status = z.infer<typeof StatusSchema>;

export const WalletStateSchema = lazySchema(() =>
  z.discriminatedUnion('exists', [
    z.object({ exists: z.literal(false) }),
    z.object({ exists: z.literal(true), unlocked: z.boolean() }),
  ]),
);
export type WalletState = z.infer<typeof WalletStateSchema>;

/** The longest `obyte:` link main accepts from the OS; longer ones are refused unread. */
export const MAX_DEEP_LINK_LENGTH = 4096;

const AddressText = lazySchema(() => z.string().max(32));
const DeviceAddressText = lazySchema(() => z.string().max(33));
/** "base" or a 44-character asset id. */
const AssetText = lazySchema(() => z.string().max(44));
const AmountInt = lazySchema(() => z.number().int().nonnegative());

/**
 * An `obyte:` link the OS handed to the app, parsed once in main (deep-links.ts). It only ever
 * fills a form: the user reviews a payment in Send and a pairing in Chat, and confirms there.
 * A link that cannot be opened arrives as `refused`, with the sentence to show.
 */
export const DeepLinkSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('payment'),
      network: NetworkSchema,
      /** A payment address, or (textcoin to a person) an e-mail, handle or phone number. */
      address: z.string().min(1).max(300),
      recipientKind: z.enum(['address', 'email', 'social', 'phone']),
      /** null: the link names no amount; the user enters it. */
      amount: AmountInt.nullable(),
      asset: AssetText.nullable(),
      additionalAssets: z.array(z.object({ asset: AssetText, amount: AmountInt })).max(16),
      deviceAddress: DeviceAddressText.nullable(),
      /** Data to attach (to trigger an autonomous agent), base64 of a JSON object. */
      base64data: z.string().max(MAX_DEEP_LINK_LENGTH).nullable(),
      fromAddress: AddressText.nullable(),
      singleAddress: z.boolean(),
    }),
    z.object({
      kind: z.literal('pairing'),
      network: NetworkSchema,
      pubkey: z.string().length(44),
      hub: z.string().max(200),
      pairingSecret: z.string().min(1).max(MAX_DEEP_LINK_LENGTH),
      deviceAddress: DeviceAddressText,
    }),
    z.object({
      kind: z.literal('textcoin'),
      network: NetworkSchema,
      /** The textcoin's words joined by "-" (money: the page sends them only to its claim preview). */
      words: z.string().max(300),
    }),
    z.object({
      kind: z.literal('refused'),
      reason: z.enum(['invalid', 'wrong_network', 'unsupported', 'too_long']),
      message: z.string().max(500),
    }),
  ]),
);
export type DeepLink = z.infer<typeof DeepLinkSchema>;

/** What a notification was about; clicking it shows that (History, or the chat). */
export const NotificationTargetSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('payment'), unit: z.string().max(44) }),
    z.object({ kind: z.literal('chat'), deviceAddress: DeviceAddressText }),
  ]),
);
export type NotificationTarget = z.infer<typeof NotificationTargetSchema>;
