/** A funded, discovered wallet with a PaymentService on the loopback hub. */
import { AaService } from '../../../electron/main/services/aa';
import { systemClock } from '../../../electron/main/services/clock';
import { PaymentService } from '../../../electron/main/services/payments';
import { NETWORKS } from '../../../shared/protocol/wire';
import { recordingLogger } from '../fakes';
import { TEST_MNEMONIC, walletAddressesOf } from '../../support/test-hub/wallet-scenarios';
import { createWalletRig, type WalletRig } from '../wallet/rig';

export interface PaymentRig extends WalletRig {
  readonly payments: PaymentService;
  readonly aa: AaService | null;
  /** What the AaService wrote to its log (empty without one). */
  readonly aaLog: readonly string[];
  readonly funded: readonly string[];
}

/** `amounts[i]` bytes to receive address i of account 0. */
export async function createPaymentRig(
  amounts: readonly number[],
  options: {
    tpsFee?: number;
    syncing?: boolean;
    latencyMs?: number;
    thresholdSize?: (lastBallMci: number) => number;
    /** Build an AaService (AA detection and dry runs) with this dry-run deadline. */
    aa?: { dryRunTimeoutMs?: number };
  } = {},
): Promise<PaymentRig> {
  const funded = walletAddressesOf(TEST_MNEMONIC, 0, false, amounts.length);
  const rig = await createWalletRig({
    payments: funded.map((address, i) => ({ address, amount: amounts[i] ?? 0 })),
    ...(options.tpsFee === undefined ? {} : { tpsFee: options.tpsFee }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  });
  await rig.wallet.discover();
  const aaLog = recordingLogger();
  const aa =
    options.aa === undefined
      ? null
      : new AaService({
          hub: rig.client,
          logger: aaLog.logger,
          clock: systemClock,
          ...options.aa,
        });
  const payments = new PaymentService({
    hub: rig.client,
    ...(aa === null ? {} : { aa }),
    db: rig.db,
    store: rig.store,
    wallet: rig.wallet,
    signer: () => rig.keystore.wallet(),
    network: NETWORKS.devnet,
    logger: recordingLogger().logger,
    clock: systemClock,
    isSyncing: () => options.syncing ?? false,
    ...(options.thresholdSize === undefined ? {} : { thresholdSize: options.thresholdSize }),
  });
  return { ...rig, payments, funded, aa, aaLog: aaLog.lines };
}
