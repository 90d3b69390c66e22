/**
 * App-level chat types (camelCase): what the chat database returns and the messenger emits.
 * Wire field names stay inside shared/protocol; the mapping lives in the database and messenger.
 */

export type MessageDirection = 'in' | 'out';

/**
 * `text`: a chat text. `system`: something the app says about the chat (paired, removed).
 * `unsupported`: a subject this wallet does not handle, kept so the user sees that it came.
 */
export type MessageKind = 'text' | 'system' | 'unsupported';

/** Incoming messages are `received`; outgoing ones go queued → delivered | failed. */
export type DeliveryState = 'received' | 'queued' | 'delivered' | 'failed';

export interface Correspondent {
  readonly deviceAddress: string;
  readonly pubkey: string;
  /** Hub string (host[:port][/path]) where the peer receives messages. */
  readonly hub: string;
  /** Untrusted text from the peer (tags stripped, ≤ 100 chars) or the user's rename. */
  readonly name: string;
  /** False until the peer's reverse `pairing` arrived (or it paired with our secret). */
  readonly isConfirmed: boolean;
  /** The reverse secret we sent while pairing; null once confirmed. */
  readonly mySecret: string | null;
  /** The secret from the peer's pairing code that we used. */
  readonly peerSecret: string | null;
  readonly createdAt: number;
  readonly lastMessageAt: number | null;
  /** The start of the last message, plain text, for the list. */
  readonly lastMessagePreview: string | null;
  readonly unreadCount: number;
}

export interface ChatMessage {
  readonly id: number;
  readonly correspondent: string;
  readonly direction: MessageDirection;
  readonly kind: MessageKind;
  readonly subject: string;
  /** Plain text (never HTML). For unsupported subjects: the body as JSON text, shortened. */
  readonly body: string;
  /** When we received it (in) or when the user wrote it (out). */
  readonly createdAt: number;
  /** When the hub accepted it (out, delivered). */
  readonly sentAt: number | null;
  /** Hub message hash: of the received envelope (in) or of the delivered envelope (out). */
  readonly messageHash: string | null;
  readonly state: DeliveryState;
  readonly failureReason: string | null;
}

export interface PairingSecret {
  readonly secret: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly isPermanent: boolean;
}

/** One outbox entry: a message to one device, kept until its hub accepted it. */
export interface OutboxEntry {
  readonly id: number;
  /** The chat message this entry sends; null for pairing and unpairing messages. */
  readonly messageId: number | null;
  readonly recipient: string;
  readonly recipientPubkey: string;
  readonly hub: string;
  readonly subject: string;
  /** The body as JSON text. */
  readonly bodyJson: string;
  readonly createdAt: number;
  readonly attempts: number;
  readonly lastError: string | null;
  /**
   * The exact envelope once built, as JSON text. A retry re-delivers these bytes (same message
   * hash: the hub and the recipient both dedupe by it), so an answer lost on the way cannot make
   * the message arrive twice.
   */
  readonly envelopeJson: string | null;
  readonly messageHash: string | null;
  /**
   * The stored envelope was handed to a hub without a definite answer (lost answer, timeout, the
   * app stopped on the way): the hub may hold it already. Such an envelope is never replaced by
   * a new one (a second copy could arrive); if it can no longer be delivered, the message fails.
   */
  readonly inDoubt: boolean;
}

/** Our temp key, sealed at rest with a key derived from the device key. */
export interface StoredTempKey {
  readonly slot: 'current' | 'previous';
  readonly sealedPrivateKey: string;
  readonly pubkey: string;
  readonly createdAt: number;
}
