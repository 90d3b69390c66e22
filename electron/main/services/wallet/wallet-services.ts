/**
 * The wallet's services over one network's light client: addresses (WalletService), autonomous
 * agents, payments and their outbox, signed messages and textcoins, all on the light client's one
 * database connection and hub, with the keystore's signers. WalletSession builds them again when
 * the light client's database changes (another network, a restored folder).
 */
import { thresholdSizeAt } from '../../../../shared/protocol/commission';
import { getWitnesses } from '../../../../shared/protocol/light/index';
import { AaService } from '../aa/index';
import type { Clock } from '../clock';
import type { KeystoreService, RandomSource } from '../keystore/index';
import type { Logger } from '../logger';
import { DEFAULT_THRESHOLD_SIZE, PaymentService } from '../payments/index';
import type { WalletDatabase } from '../storage/index';
import type { WalletStore } from '../storage/wallet-store';
import type { LightSession } from '../sync/index';
import { TextcoinService } from '../textcoins/index';
import { MessageSigning } from './message-signing';
import { WalletService } from './wallet-service';

export interface WalletServices {
  readonly db: WalletDatabase;
  readonly store: WalletStore;
  readonly wallet: WalletService;
  readonly payments: PaymentService;
  readonly aa: AaService;
  readonly messages: MessageSigning;
  readonly textcoins: TextcoinService;
  /** Stops what they listen to (the hub's reconnects, the sync). */
  readonly detach: () => void;
}

export function buildWalletServices(deps: {
  readonly light: LightSession['parts'];
  /** The keystore of the light client's network. */
  readonly keystore: KeystoreService;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The outbox may have changed: the page and the status bar are told. */
  readonly onOutboxChanged: () => void;
  /** The account in use (BIP-44 account number): textcoins are paid from it and claimed into it. */
  readonly account: () => number;
}): WalletServices {
  const { light, keystore, random, logger, clock, onOutboxChanged, account } = deps;
  // The light client's one connection to the network's database serves the wallet's tables too.
  const store = light.db.walletStore();
  const witnesses = async (): Promise<readonly string[]> => {
    const known = light.sync.state.witnesses;
    return known.length > 0 ? known : getWitnesses(light.hub);
  };
  const wallet = new WalletService({
    hub: light.hub,
    db: light.db,
    store,
    keys: keystore,
    network: light.constants,
    witnesses,
    logger,
    clock,
  });
  const aa = new AaService({ hub: light.hub, logger, clock: clock });
  const payments = new PaymentService({
    hub: light.hub,
    aa,
    db: light.db,
    store,
    wallet,
    signer: () => keystore.wallet(),
    network: light.constants,
    logger,
    clock,
    witnesses,
    isSyncing: () => light.sync.state.lastSyncAt === null,
    onOutboxChanged: onOutboxChanged,
    // As ocore light wallets do: the hub's system vars, at the unit's last ball.
    thresholdSize: (lastBallMci) =>
      thresholdSizeAt(light.systemVars()?.['threshold_size'], lastBallMci) ??
      DEFAULT_THRESHOLD_SIZE,
  });
  const textcoins = new TextcoinService({
    hub: light.hub,
    db: light.db,
    store: light.db.textcoinStore(),
    payments,
    receiveAddress: () => wallet.nextReceiveAddress(account()),
    account,
    deviceSigner: () => keystore.wallet().deviceSigner(),
    network: light.constants,
    witnesses,
    // The claim's least TPS fee: from the hub's current system vars, as ocore light wallets.
    systemVars: () => light.systemVars(),
    random,
    clock,
    logger,
  });
  const stopResolving = payments.resolveOnConnect(light.hub);
  // A sync that moved our units (accepted → stable) settles outbox entries without a reconnect.
  const stopFollowing = light.sync.on('changed', () => void payments.resolveOutbox());
  return {
    db: light.db,
    store,
    wallet,
    payments,
    aa,
    messages: new MessageSigning({
      wallet,
      store,
      signer: () => keystore.wallet(),
      network: light.constants,
      hub: light.hub,
    }),
    textcoins,
    detach: () => {
      stopResolving();
      stopFollowing();
    },
  };
}
