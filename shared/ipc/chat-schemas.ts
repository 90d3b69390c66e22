/**
 * Chat and bots as they cross IPC. Message bodies arrive already split into segments by main
 * (`parseChatText`): plain text and typed links. The page renders each segment as text or as a
 * button; it never interprets markup, and no segment carries HTML.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DeepLinkSchema } from './schemas';

const epochMs = lazySchema(() => z.number().int().nonnegative());
/** A device address: "0" and 32 base32 characters. */
export const DeviceAddressSchema = lazySchema(() =>
  z
    .string({ message: 'A device address is text.' })
    .trim()
    .regex(/^0[A-Z2-7]{32}$/, {
      message: 'A device address is 0 followed by 32 letters and digits.',
    }),
);
const SegmentText = lazySchema(() => z.string().max(20_000));

export const PaymentRequestSchema = lazySchema(() => DeepLinkSchema.options[0]);
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;
export const PairingRequestSchema = lazySchema(() => DeepLinkSchema.options[1]);

export const ChatSegmentSchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: SegmentText }),
    /** A payment request: opens the Send preview, prefilled; never pays. */
    z.object({ type: z.literal('payment'), text: SegmentText, payment: PaymentRequestSchema }),
    /** Sends `command` as a message when clicked. */
    z.object({ type: z.literal('command'), text: SegmentText, command: z.string().max(20_000) }),
    /** Fills the composer with `command`. */
    z.object({ type: z.literal('suggest'), text: SegmentText, command: z.string().max(20_000) }),
    /** Shows its data (parameters, decoded) when clicked. */
    z.object({
      type: z.literal('data'),
      text: SegmentText,
      params: z
        .array(z.object({ name: z.string().max(200), value: z.string().max(20_000) }))
        .max(200),
    }),
    /** Pairing with another device: prefills the pairing form. */
    z.object({ type: z.literal('pairing'), text: SegmentText, pairing: PairingRequestSchema }),
    /** http(s): opens in the OS browser after the user confirmed the full URL. */
    z.object({ type: z.literal('url'), text: SegmentText, url: z.string().max(4096) }),
    /** A request to sign `message`: opens Tools with it, signed only after the user confirms. */
    z.object({
      type: z.literal('sign_request'),
      text: SegmentText,
      message: z.string().max(10_000),
      networkAware: z.boolean(),
    }),
    /** A bot asks for fields of an attested private profile: answered only after a preview. */
    z.object({
      type: z.literal('profile_request'),
      text: SegmentText,
      fields: z.array(z.string().min(1).max(50)).min(1).max(50),
    }),
    /** An attested private profile the peer sent: checked against its attestation when kept. */
    z.object({
      type: z.literal('private_profile'),
      text: SegmentText,
      base64: z.string().max(16_000),
      /** The fields it shows in the clear (names only: the values wait for the check). */
      fields: z.array(z.string().max(50)).max(50),
    }),
    /** A signed message the peer sent: verified on click. */
    z.object({
      type: z.literal('signed_message'),
      text: SegmentText,
      base64: z.string().max(100_000),
    }),
  ]),
);
export type ChatSegment = z.infer<typeof ChatSegmentSchema>;

export const DeliveryStateSchema = lazySchema(() =>
  z.enum(['received', 'queued', 'delivered', 'failed']),
);

export const ChatMessageViewSchema = lazySchema(() =>
  z.object({
    id: z.number().int().nonnegative(),
    correspondent: DeviceAddressSchema,
    direction: z.enum(['in', 'out']),
    kind: z.enum(['text', 'system', 'unsupported']),
    subject: z.string().max(100),
    segments: z.array(ChatSegmentSchema).max(5_000),
    createdAt: epochMs,
    sentAt: epochMs.nullable(),
    state: DeliveryStateSchema,
    failureReason: z.string().max(300).nullable(),
  }),
);
export type ChatMessageView = z.infer<typeof ChatMessageViewSchema>;

export const CorrespondentViewSchema = lazySchema(() =>
  z.object({
    deviceAddress: DeviceAddressSchema,
    name: z.string().max(100),
    hub: z.string().max(200),
    isConfirmed: z.boolean(),
    lastMessageAt: epochMs.nullable(),
    lastMessagePreview: z.string().max(200).nullable(),
    unreadCount: z.number().int().nonnegative(),
  }),
);
export type CorrespondentView = z.infer<typeof CorrespondentViewSchema>;

export const CorrespondentListSchema = lazySchema(() =>
  z.array(CorrespondentViewSchema).max(10_000),
);
export const ChatMessageListSchema = lazySchema(() => z.array(ChatMessageViewSchema).max(500));

export const CorrespondentParamsSchema = lazySchema(() =>
  z.strictObject({ correspondent: DeviceAddressSchema }),
);

/** How many messages one answer of chat.listMessages holds: the newest, or those before one. */
export const CHAT_MESSAGE_PAGE = 200;

export const ListMessagesParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    /** Messages older than this id (paging back); absent: the newest. */
    before: z.number().int().positive().optional(),
  }),
);

export const SendTextParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    text: z
      .string()
      .max(20_000, { message: 'A message has at most 20,000 characters.' })
      .refine((text) => text.trim() !== '', { message: 'Write a message first.' }),
  }),
);

export const RetryParamsSchema = lazySchema(() =>
  z.strictObject({ id: z.number().int().positive() }),
);

export const PairParamsSchema = lazySchema(() =>
  z.strictObject({
    code: z
      .string()
      .trim()
      .min(1, { message: 'Paste a pairing code first.' })
      .max(1_000, { message: 'That is far too long for a pairing code.' }),
  }),
);

export const RenameParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    name: z
      .string()
      .trim()
      .min(1, { message: 'Enter a name.' })
      .max(100, { message: 'A name has at most 100 characters.' }),
  }),
);

export const PairingCodeSchema = lazySchema(() => z.object({ code: z.string().max(1_000) }));

export const BotViewSchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    name: z.string().max(100),
    description: z.string().max(2_000),
    /** null: the hub gave a code that does not parse; the bot cannot be paired with. */
    pairingCode: z.string().max(1_000).nullable(),
    deviceAddress: DeviceAddressSchema.nullable(),
    isPaired: z.boolean(),
  }),
);
export type BotView = z.infer<typeof BotViewSchema>;
export const BotListSchema = lazySchema(() => z.array(BotViewSchema).max(1_000));

export const ChatLoginSchema = lazySchema(() => z.object({ loggedIn: z.boolean() }));
export const CorrespondentChangedSchema = lazySchema(() =>
  z.object({
    deviceAddress: DeviceAddressSchema,
    /** null: removed. */
    correspondent: CorrespondentViewSchema.nullable(),
  }),
);
export type CorrespondentChanged = z.infer<typeof CorrespondentChangedSchema>;
export const DoneSchema = lazySchema(() => z.object({ done: z.literal(true) }));

export const OpenWebParamsSchema = lazySchema(() =>
  z.strictObject({
    url: z
      .string()
      .max(4096)
      .refine((url) => /^https?:\/\/[^\s]+$/i.test(url), {
        message: 'Only http and https links open.',
      }),
  }),
);
export const OpenedWebSchema = lazySchema(() =>
  z.object({ opened: z.boolean(), url: z.string().max(4096) }),
);
