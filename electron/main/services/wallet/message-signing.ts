/**
 * Signing and verifying messages with the wallet's addresses (ocore signed_message.js; what bots
 * ask with `sign-message-request:` and what attestors check). Keys stay in the keystore: its
 * signer signs the package's digest with the address's key.
 *
 * Signing: the plain form always carries the address's definition; the network-aware form names
 * the hub's last stable ball and carries the definition only when the address has not revealed
 * it by then (our stored history decides, as ocore's composer does).
 * Verifying: the package is parsed with ocore's rules; a network-aware package without a
 * definition is checked with the definition the hub serves for the address (checked against the
 * address's chash).
 */
import { fromBase64, fromUtf8, isBase64 } from '../../../../shared/protocol/bytes';
import type { Hashable } from '../../../../shared/protocol/json';
import { getJsonSourceString } from '../../../../shared/protocol/serialize';
import {
  buildUnsignedMessagePackage,
  decodeSignedMessage,
  parseSignedMessage,
  signMessagePackage,
  verifySignedMessage,
  type SignedMessagePackage,
  type SignedMessageVerdict,
} from '../../../../shared/protocol/signed-message';
import type { AddressDefinition } from '../../../../shared/protocol/unit-types';
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import { getDefinition, type AaRequester } from '../../../../shared/protocol/light/aa';
import { checkServedDefinition } from '../../../../shared/protocol/aa';
import { getParentsAndLastBall, type HubRequester } from '../../../../shared/protocol/light/index';
import type { AddressSigner } from '../keystore/index';
import type { WalletStore } from '../storage/wallet-store';
import { WalletError, type WalletService } from './wallet-service';

export interface MessageSigningOptions {
  readonly wallet: WalletService;
  readonly store: WalletStore;
  /** The keystore's signer for address keys (the unlocked wallet); throws `locked` when locked. */
  readonly signer: () => AddressSigner;
  readonly network: NetworkConstants;
  readonly hub: HubRequester & AaRequester;
}

/** A message prepared for signing: exactly what will be signed, held in main. */
export interface PreparedSignature {
  readonly signId: string;
  readonly address: string;
  /** What is signed, as the user reads it (a JSON value pretty-printed). */
  readonly text: string;
  readonly isJson: boolean;
  readonly networkAware: boolean;
  /** The correspondent the signed message goes back to, when a bot asked. */
  readonly replyTo: string | null;
}

/** A prepared signature taken out to be signed: it can be taken once. */
export interface HeldSignature extends PreparedSignature {
  readonly message: Hashable;
}

/** A prepared signature may be signed within this long. */
const PREPARED_TTL_MS = 5 * 60 * 1000;
/** At most this many prepared signatures are held; the oldest goes first. */
const MAX_PREPARED = 20;
/**
 * The longest text that can be signed: main's own dialog shows all of it before signing, and a
 * native dialog cannot show much more.
 */
export const MAX_SIGNED_TEXT = 4000;
/**
 * Characters a reader cannot see or that move what they see: C0/C1 controls (but tab and line
 * breaks), zero-width characters, and bidi embeddings, overrides, isolates and marks.
 */
function hasHiddenCharacters(text: string): boolean {
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0;
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x061c ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2060 && c <= 0x2069) ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}

export interface VerifiedMessage {
  readonly package: SignedMessagePackage;
  readonly verdict: SignedMessageVerdict;
  /** The message as text: a string as it is, JSON otherwise. */
  readonly text: string;
}

export class MessageSigning {
  private readonly options: MessageSigningOptions;
  private readonly prepared = new Map<string, HeldSignature & { expiresAt: number }>();

  constructor(options: MessageSigningOptions) {
    this.options = options;
  }

  /**
   * Hold a message for signing and say exactly what will be signed; nothing is signed yet.
   * `message`: the text as given, or — when it is base64 of a JSON value, as bots send
   * structured requests (official wallet showSignMessageModal) — that value. A text the user
   * could not read whole (too long for main's dialog, hidden or direction characters) is refused.
   */
  prepare(
    address: string,
    message: string,
    options: {
      networkAware?: boolean;
      decodeJson?: boolean;
      replyTo?: string;
      now: number;
      id: string;
    },
  ): PreparedSignature {
    if (this.options.wallet.lookup(address) === null) {
      throw new WalletError({ kind: 'cannot-sign-for', address });
    }
    let value: Hashable = message;
    if (options.decodeJson === true) {
      const decoded = decodeJsonRequest(message);
      if (decoded !== null) value = decoded;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    if (text.trim() === '') throw new WalletError({ kind: 'empty-message' });
    if (text.length > MAX_SIGNED_TEXT) {
      throw new WalletError({
        kind: 'message-too-long',
        length: text.length,
        max: MAX_SIGNED_TEXT,
      });
    }
    if (hasHiddenCharacters(text)) {
      throw new WalletError({ kind: 'invisible-characters' });
    }
    for (const [id, held] of this.prepared) {
      if (held.expiresAt <= options.now) this.prepared.delete(id);
    }
    while (this.prepared.size >= MAX_PREPARED) {
      const oldest = this.prepared.keys().next().value;
      if (oldest === undefined) break;
      this.prepared.delete(oldest);
    }
    const held: HeldSignature = {
      signId: options.id,
      address,
      text,
      isJson: typeof value !== 'string',
      networkAware: options.networkAware === true,
      replyTo: options.replyTo ?? null,
      message: value,
    };
    this.prepared.set(options.id, { ...held, expiresAt: options.now + PREPARED_TTL_MS });
    return {
      signId: held.signId,
      address: held.address,
      text: held.text,
      isJson: held.isJson,
      networkAware: held.networkAware,
      replyTo: held.replyTo,
    };
  }

  /**
   * Take a prepared signature out to sign it: whatever happens next (the user says no, the
   * signing fails), it cannot be signed a second time; prepare it again.
   */
  take(signId: string, now: number): HeldSignature {
    const held = this.prepared.get(signId);
    this.prepared.delete(signId);
    if (held === undefined || held.expiresAt <= now) {
      throw new WalletError({ kind: 'signing-expired' });
    }
    return held;
  }

  /** Sign `message` with `address` of this wallet (plain form, or network-aware). */
  async sign(
    address: string,
    message: Hashable,
    networkAware = false,
  ): Promise<SignedMessagePackage> {
    const { wallet, network } = this.options;
    const place = wallet.lookup(address);
    if (place === null) {
      throw new WalletError({ kind: 'cannot-sign-for', address });
    }
    let lastBallUnit: string | undefined;
    let definition: AddressDefinition | undefined = place.definition;
    if (networkAware) {
      const parents = await getParentsAndLastBall(this.options.hub, {
        from_addresses: [address],
        output_addresses: [address],
      });
      lastBallUnit = parents.last_stable_mc_ball_unit;
      if (this.options.store.hasStableAuthoredUnit(address, parents.last_stable_mc_ball_mci)) {
        definition = undefined;
      }
    }
    const signer = this.options.signer();
    const unsigned = buildUnsignedMessagePackage({
      message,
      address,
      network,
      ...(definition === undefined ? {} : { definition }),
      ...(lastBallUnit === undefined ? {} : { lastBallUnit }),
    });
    return signMessagePackage(
      unsigned,
      () => (digest: Uint8Array) => signer.signWithAddressKey(place, digest),
    );
  }

  /** Verify a package given as base64 (a `signed-message:` link) or as its JSON. */
  async verify(input: string | unknown): Promise<VerifiedMessage> {
    const versions = this.options.network.supportedVersions;
    const pkg =
      typeof input === 'string'
        ? input.trim().startsWith('{')
          ? parseSignedMessage(JSON.parse(input) as unknown, versions)
          : decodeSignedMessage(input.trim(), versions)
        : parseSignedMessage(input, versions);
    let verdict = verifySignedMessage(pkg);
    const author = pkg.authors[0];
    if (verdict.status === 'unverifiable' && author !== undefined && !author.definition) {
      const served = await getDefinition(this.options.hub, author.address);
      if (served !== null) {
        checkServedDefinition(author.address, served);
        verdict = verifySignedMessage(pkg, { definition: served as AddressDefinition });
      }
    }
    const message = pkg.signed_message;
    return {
      package: pkg,
      verdict,
      text: typeof message === 'string' ? message : JSON.stringify(message, null, 2),
    };
  }
}

/**
 * The official wallet signs `JSON.parse(base64 decoded)` when that works and is truthy, else the
 * text. Stricter here: only canonical base64 of UTF-8 JSON that is an object or a list counts.
 */
function decodeJsonRequest(message: string): Hashable | null {
  if (!isBase64(message)) return null;
  try {
    const value: unknown = JSON.parse(fromUtf8(fromBase64(message)));
    if (typeof value !== 'object' || value === null) return null;
    getJsonSourceString(value);
    return value as Hashable;
  } catch {
    return null;
  }
}
