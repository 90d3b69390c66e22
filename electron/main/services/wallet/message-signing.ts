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
import type { Hashable } from '../../../../shared/protocol/json';
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

export interface VerifiedMessage {
  readonly package: SignedMessagePackage;
  readonly verdict: SignedMessageVerdict;
  /** The message as text: a string as it is, JSON otherwise. */
  readonly text: string;
}

export class MessageSigning {
  private readonly options: MessageSigningOptions;

  constructor(options: MessageSigningOptions) {
    this.options = options;
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
      throw new WalletError(
        'input',
        `${address} is not an address of this wallet: it cannot sign for it.`,
      );
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
