/**
 * The `chat` section: the device's correspondents (paired devices and bots), every message, the
 * sealed temp keys and the pairing secrets it issued, from the chat database of the wallet's
 * device (chat-<device address>.sqlite). The device key itself is m/1' of the seed, so the temp
 * keys, sealed under it, open again after a restore.
 *
 * In the file (snake_case, as the database):
 * ```json
 * { "device_address": "0…",
 *   "correspondents": [{ "device_address", "pubkey", "hub", "name", "is_confirmed", "my_secret",
 *     "peer_secret", "created_at", "last_message_at", "last_message_preview", "unread_count" }],
 *   "messages": [{ "id", "correspondent", "direction", "kind", "subject", "body", "created_at",
 *     "sent_at", "message_hash", "state", "failure_reason" }],
 *   "temp_keys": [{ "slot", "sealed_private_key", "pubkey", "created_at" }],
 *   "pairing_secrets": [{ "secret", "created_at", "expires_at", "is_permanent" }] }
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidDeviceAddress } from '../../../../shared/protocol/chash';
import { isValidPubkey } from '../../../../shared/protocol/signature';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ChatDatabase, chatDatabaseFile, type ChatDump } from '../chat/chat-database';
import type { BackupSection, JsonValue } from './section';

const time = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const deviceAddress = z.string().refine(isValidDeviceAddress, 'must be a device address');

const CorrespondentSchema = z
  .object({
    device_address: deviceAddress,
    pubkey: z.string().refine((k) => isValidPubkey(k), 'must be a compressed pubkey'),
    hub: text(300),
    name: text(1000),
    is_confirmed: z.boolean(),
    my_secret: text(200).nullable(),
    peer_secret: text(200).nullable(),
    created_at: time,
    last_message_at: time.nullable(),
    last_message_preview: text(1000).nullable(),
    unread_count: z.number().int().nonnegative(),
  })
  .strict();

const MessageSchema = z
  .object({
    id: z.number().int().positive(),
    correspondent: deviceAddress,
    direction: z.enum(['in', 'out']),
    kind: z.enum(['text', 'system', 'unsupported']),
    subject: text(200),
    body: text(1_000_000),
    created_at: time,
    sent_at: time.nullable(),
    message_hash: text(200).nullable(),
    state: z.enum(['received', 'queued', 'delivered', 'failed']),
    failure_reason: text(1000).nullable(),
  })
  .strict()
  .refine((m) => (m.direction === 'in') === (m.state === 'received'), 'direction and state differ');

const TempKeySchema = z
  .object({
    slot: z.enum(['current', 'previous']),
    sealed_private_key: text(200),
    pubkey: text(200),
    created_at: time,
  })
  .strict();

const PairingSecretSchema = z
  .object({
    secret: text(200),
    created_at: time,
    expires_at: time,
    is_permanent: z.boolean(),
  })
  .strict();

const ChatSectionSchema = z
  .object({
    device_address: deviceAddress,
    correspondents: z.array(CorrespondentSchema).max(100_000),
    messages: z.array(MessageSchema).max(10_000_000),
    temp_keys: z.array(TempKeySchema).max(2),
    pairing_secrets: z.array(PairingSecretSchema).max(100_000),
  })
  .strict()
  .superRefine((data, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    const known = new Set<string>();
    for (const c of data.correspondents) {
      if (known.has(c.device_address)) problem(`correspondent ${c.device_address} is twice`);
      known.add(c.device_address);
    }
    const ids = new Set<number>();
    for (const m of data.messages) {
      if (ids.has(m.id)) problem(`message ${m.id} is twice`);
      ids.add(m.id);
      if (!known.has(m.correspondent)) problem(`message ${m.id} is of an unknown correspondent`);
    }
    if (new Set(data.temp_keys.map((k) => k.slot)).size !== data.temp_keys.length) {
      problem('a temp key slot is twice');
    }
    if (new Set(data.pairing_secrets.map((p) => p.secret)).size !== data.pairing_secrets.length) {
      problem('a pairing secret is twice');
    }
  });

type ChatSectionData = z.infer<typeof ChatSectionSchema>;

function toJson(deviceAddress: string, dump: ChatDump): JsonValue {
  return {
    device_address: deviceAddress,
    correspondents: dump.correspondents.map((c) => ({
      device_address: c.deviceAddress,
      pubkey: c.pubkey,
      hub: c.hub,
      name: c.name,
      is_confirmed: c.isConfirmed,
      my_secret: c.mySecret,
      peer_secret: c.peerSecret,
      created_at: c.createdAt,
      last_message_at: c.lastMessageAt,
      last_message_preview: c.lastMessagePreview,
      unread_count: c.unreadCount,
    })),
    messages: dump.messages.map((m) => ({
      id: m.id,
      correspondent: m.correspondent,
      direction: m.direction,
      kind: m.kind,
      subject: m.subject,
      body: m.body,
      created_at: m.createdAt,
      sent_at: m.sentAt,
      message_hash: m.messageHash,
      state: m.state,
      failure_reason: m.failureReason,
    })),
    temp_keys: dump.tempKeys.map((k) => ({
      slot: k.slot,
      sealed_private_key: k.sealedPrivateKey,
      pubkey: k.pubkey,
      created_at: k.createdAt,
    })),
    pairing_secrets: dump.pairingSecrets.map((p) => ({
      secret: p.secret,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
      is_permanent: p.isPermanent,
    })),
  };
}

function fromJson(data: ChatSectionData): ChatDump {
  return {
    correspondents: data.correspondents.map((c) => ({
      deviceAddress: c.device_address,
      pubkey: c.pubkey,
      hub: c.hub,
      name: c.name,
      isConfirmed: c.is_confirmed,
      mySecret: c.my_secret,
      peerSecret: c.peer_secret,
      createdAt: c.created_at,
      lastMessageAt: c.last_message_at,
      lastMessagePreview: c.last_message_preview,
      unreadCount: c.unread_count,
    })),
    messages: data.messages.map((m) => ({
      id: m.id,
      correspondent: m.correspondent,
      direction: m.direction,
      kind: m.kind,
      subject: m.subject,
      body: m.body,
      createdAt: m.created_at,
      sentAt: m.sent_at,
      messageHash: m.message_hash,
      state: m.state,
      failureReason: m.failure_reason,
    })),
    tempKeys: data.temp_keys.map((k) => ({
      slot: k.slot,
      sealedPrivateKey: k.sealed_private_key,
      pubkey: k.pubkey,
      createdAt: k.created_at,
    })),
    pairingSecrets: data.pairing_secrets.map((p) => ({
      secret: p.secret,
      createdAt: p.created_at,
      expiresAt: p.expires_at,
      isPermanent: p.is_permanent,
    })),
  };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'chat: invalid content';
  return `chat${issue.path.length > 0 ? `.${issue.path.join('.')}` : ''}: ${issue.message}`;
}

export function chatSection(deps: {
  /** The wallet's device address on this network (from the keystore's public part). */
  readonly deviceAddress: (networkDir: string) => Promise<string | null>;
  readonly clock: Clock;
  readonly logger: Logger;
}): BackupSection {
  return {
    name: 'chat',
    async export({ networkDir }) {
      const device = await deps.deviceAddress(networkDir);
      if (device === null) return null;
      if (!existsSync(join(networkDir, chatDatabaseFile(device)))) {
        return toJson(device, {
          correspondents: [],
          messages: [],
          tempKeys: [],
          pairingSecrets: [],
        });
      }
      const db = ChatDatabase.open({
        directory: networkDir,
        deviceAddress: device,
        clock: deps.clock,
        logger: deps.logger,
      });
      try {
        return toJson(device, db.dump());
      } finally {
        db.close();
      }
    },
    validate(data) {
      if (data === null) return null;
      const parsed = ChatSectionSchema.safeParse(data);
      return parsed.success ? null : describe(parsed.error);
    },
    import(data, { networkDir }) {
      if (data === null) return;
      const parsed = ChatSectionSchema.parse(data);
      const db = ChatDatabase.open({
        directory: networkDir,
        deviceAddress: parsed.device_address,
        clock: deps.clock,
        logger: deps.logger,
      });
      try {
        db.restore(fromJson(parsed));
      } finally {
        db.close();
      }
    },
  };
}
