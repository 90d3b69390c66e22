/**
 * The wallet while it is unlocked: the BIP-32 root derived from the mnemonic (and passphrase),
 * held in memory only, and what it gives the rest of the main process — account xpubs, payment
 * addresses, signatures by address keys, and a signer over the device key (signer.ts). It never
 * holds or returns the mnemonic, and returns no private key bytes.
 *
 * The KeystoreService alone can wipe it (lock, auto-lock): the key bytes it holds are zeroed and
 * every later call throws `locked`. Zeroing is best effort: JavaScript may have copied key
 * material elsewhere in the heap (strings, intermediate bigints), which only the GC reclaims.
 */
import type { Network } from '../../../../shared/protocol/wire';
import {
  deriveChild,
  deriveDeviceKey,
  derivePath,
  deriveWalletAddress,
  getAccountPath,
  serializeXpub,
  toHdPublicKey,
  type DeviceKey,
  type HdPrivateKey,
  type WalletAddress,
} from '../../../../shared/protocol/hd';
import { sign } from '../../../../shared/protocol/signature';
import { KeystoreError } from './errors';
import type { PublicInfo } from './format';
import {
  openDeviceSigner,
  type AddressPlace,
  type AddressSigner,
  type DeviceSigner,
} from './signer';

function wipeNode(node: HdPrivateKey): void {
  node.privateKey.fill(0);
  node.chainCode.fill(0);
}

function lockedError(): KeystoreError {
  return new KeystoreError('locked', 'The wallet is locked. Unlock it to continue.');
}

export class UnlockedWallet implements AddressSigner {
  #root: HdPrivateKey | null;
  /** Private nodes m/44'/0'/a' and m/44'/0'/a'/c, so each signing key costs one step. */
  readonly #nodes = new Map<string, HdPrivateKey>();
  readonly #xpubs = new Map<number, string>();
  #device: DeviceKey | null = null;
  readonly #info: PublicInfo;

  private constructor(root: HdPrivateKey, info: PublicInfo) {
    this.#root = root;
    this.#info = info;
  }

  /** For the KeystoreService: the wallet and the only function that wipes it. */
  static open(root: HdPrivateKey, info: PublicInfo): { wallet: UnlockedWallet; wipe: () => void } {
    const wallet = new UnlockedWallet(root, info);
    return { wallet, wipe: () => wallet.#wipe() };
  }

  get isLocked(): boolean {
    return this.#root === null;
  }

  get walletId(): string {
    return this.#info.walletId;
  }

  get network(): Network {
    return this.#info.network;
  }

  get deviceAddress(): string {
    return this.#info.deviceAddress;
  }

  private root(): HdPrivateKey {
    if (this.#root === null) throw lockedError();
    return this.#root;
  }

  private node(account: number, chain?: 0 | 1): HdPrivateKey {
    const root = this.root();
    const key = chain === undefined ? `${account}` : `${account}/${chain}`;
    const cached = this.#nodes.get(key);
    if (cached !== undefined) return cached;
    const node =
      chain === undefined
        ? derivePath(root, getAccountPath(account))
        : deriveChild(this.node(account), chain);
    this.#nodes.set(key, node);
    return node;
  }

  /** The account's xpub (m/44'/0'/account'), as the official wallets store and share it. */
  accountXpub(account: number): string {
    this.root();
    const cached = this.#xpubs.get(account);
    if (cached !== undefined) return cached;
    const xpub = serializeXpub(toHdPublicKey(this.node(account)));
    this.#xpubs.set(account, xpub);
    return xpub;
  }

  /** A payment address and its definition (public derivation; no private key involved). */
  address(account: number, isChange: boolean, index: number): WalletAddress {
    return deriveWalletAddress(this.accountXpub(account), isChange, index);
  }

  /** ocore signature.sign of `digest` by the key of m/44'/0'/account'/is_change/index. */
  signWithAddressKey(place: AddressPlace, digest: Uint8Array): string {
    const child = deriveChild(this.node(place.account, place.isChange ? 1 : 0), place.index);
    try {
      return sign(digest, child.privateKey);
    } finally {
      wipeNode(child);
    }
  }

  /** The permanent device key m/1': its pubkey (base64). */
  get devicePubkey(): string {
    return this.device().pubkey;
  }

  /**
   * A signer over a copy of the device key m/1', for the holder to wipe when done (chat, which
   * runs while the wallet is unlocked). Throws `locked` when the wallet is locked.
   */
  deviceSigner(): DeviceSigner {
    return openDeviceSigner(this.device().privateKey);
  }

  private device(): DeviceKey {
    const root = this.root();
    this.#device ??= deriveDeviceKey(root);
    return this.#device;
  }

  #wipe(): void {
    if (this.#root === null) return;
    wipeNode(this.#root);
    for (const node of this.#nodes.values()) wipeNode(node);
    this.#nodes.clear();
    this.#xpubs.clear();
    this.#device?.privateKey.fill(0);
    this.#device = null;
    this.#root = null;
  }
}
