/**
 * PaymentService on the loopback hub: composed units re-checked with the vector-proven
 * functions and recorded by the hub; bad input; locked wallet and wrong password; faults during
 * post_joint (no double spend, resolution after reconnect); transient and permanent refusals.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentSentence } from '../../../electron/main/ipc/payment-sentences';
import { PaymentError } from '../../../electron/main/services/payments';
import {
  getAddressFromDefinition,
  getHeadersSize,
  getPayloadSize,
  getUnitHash,
  verifyAuthentifiersWithoutReferences,
  type PaymentPayload,
  type Unit,
} from '../../../shared/protocol/index';
import { getUnitHashToSign } from '../../../shared/protocol/unit';
import { PASSWORD } from '../wallet/rig';
import { address, joint, makeUnit } from '../storage/builders';
import { createPaymentRig, type PaymentRig } from './rig';

let rig: PaymentRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const OTHER = getAddressFromDefinition(['sig', { pubkey: 'A'.repeat(43) + 'A' }]);
const OTHER2 = getAddressFromDefinition(['sig', { pubkey: 'B'.repeat(43) + 'A' }]);

function inputsOf(unit: Unit): string[] {
  return unit.messages
    .filter((m) => m.app === 'payment')
    .flatMap((m) => (m.payload as PaymentPayload).inputs)
    .map((i) => JSON.stringify(i));
}

async function expectPaymentError(
  promise: Promise<unknown>,
  code: string,
  text: RegExp,
): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentError);
  expect((error as PaymentError).code).toBe(code);
  // The words the page and the command line show (the service gives the facts).
  expect(paymentSentence((error as PaymentError).facts)).toMatch(text);
}

describe('PaymentService', () => {
  it("refuses a hub's TPS fee estimate above ocore's max_fee_ratio (100 × the unit's size fees) before anything is signed", async () => {
    // A lying hub names a TPS fee of 1 GBYTE for a 30 000-byte payment.
    rig = await createPaymentRig([2_000_000_000], { tpsFee: 1_000_000_000 });
    await expectPaymentError(
      rig.payments.preview({ account: 0, recipients: [{ address: OTHER, amount: 30_000 }] }),
      'amount',
      /TPS fee \(1000000000\) would be more than 100 times the size fees \(\d+\)/,
    );
    expect(rig.scenario.posted).toEqual([]);
  });

  it('previews, signs and posts a payment the hub records; the unit re-checks and shows as pending', async () => {
    rig = await createPaymentRig([100_000, 50_000], { tpsFee: 25 });
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 30_000 }],
    });
    expect(preview.recipients).toEqual([{ address: OTHER, amount: 30_000, asset: 'base' }]);
    expect(preview.fees.tps_fee).toBe(25);
    expect(preview.fees.total).toBe(
      preview.fees.headers_commission + preview.fees.payload_commission + 25,
    );
    expect(preview.totalLeaving['base']).toBe(30_000 + preview.fees.total);
    expect(preview.authors.every((a) => a.revealsDefinition)).toBe(true); // first spend

    const outcome = await rig.payments.send(preview.previewId);
    expect(outcome.status).toBe('accepted');
    expect(rig.scenario.posted).toHaveLength(1);
    const posted = rig.scenario.posted[0] as Unit;
    // Re-check with the vector-proven functions.
    expect(getUnitHash(posted)).toBe(outcome.unit);
    expect(posted.headers_commission).toBe(getHeadersSize(posted));
    expect(posted.payload_commission).toBe(getPayloadSize(posted));
    const digest = getUnitHashToSign(posted);
    for (const author of posted.authors) {
      expect(author.definition).toBeDefined();
      expect(
        verifyAuthentifiersWithoutReferences(author.definition ?? [], author.authentifiers ?? {}, {
          hashToSign: digest,
          authorAddresses: posted.authors.map((a) => a.address),
        }),
      ).toEqual({ status: 'verified' });
    }
    // Stored as unconfirmed: the spend is pending.
    expect(rig.db.getUnit(outcome.unit)?.status).toBe('pending');
    expect(rig.payments.pendingPayments()).toEqual([
      expect.objectContaining({ unit: outcome.unit, status: 'pending' }),
    ]);
    // One-shot: the preview is gone.
    await expectPaymentError(
      rig.payments.send(preview.previewId),
      'preview',
      /expired or was already sent/,
    );
  });

  it('pays several recipients and sends all', async () => {
    rig = await createPaymentRig([100_000, 80_000]);
    const several = await rig.payments.preview({
      account: 0,
      recipients: [
        { address: OTHER, amount: 10_000 },
        { address: OTHER2, amount: 20_000 },
      ],
    });
    expect(several.recipients.map((r) => r.amount)).toEqual([10_000, 20_000]);
    expect(several.change[0]?.amount).toBeGreaterThan(0);
    const all = await rig.payments.preview({
      account: 0,
      sendAll: true,
      recipients: [{ address: OTHER }],
    });
    expect(all.inputCount).toBe(2);
    expect(all.change).toEqual([]);
    expect(all.recipients[0]?.amount).toBe(180_000 - all.fees.total);
    expect((await rig.payments.send(all.previewId)).status).toBe('accepted');
  });

  it('refuses bad input with clear messages', async () => {
    rig = await createPaymentRig([100_000]);
    const p = rig.payments;
    const typo = OTHER.slice(0, -1) + (OTHER.endsWith('A') ? 'B' : 'A');
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: typo, amount: 1 }] }),
      'address',
      /checksum/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: 'abc', amount: 1 }] }),
      'address',
      /32 characters/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 0 }] }),
      'amount',
      /positive/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: -5 }] }),
      'amount',
      /positive/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 1.5 }] }),
      'amount',
      /whole number/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 1e16 }] }),
      'amount',
      /9e15/,
    );
    const unknown = createHash('sha256').update('no such asset').digest('base64');
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 5, asset: unknown }] }),
      'asset',
      /unknown/,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 5, asset: 'nope' }] }),
      'asset',
      /asset/i,
    );
    await expectPaymentError(
      p.preview({ account: 0, recipients: [{ address: OTHER, amount: 200_000 }] }),
      'funds',
      /Not enough bytes: .*needs \d+ bytes, but 100000 are spendable \(\d+ short\)/,
    );
  });

  it("never spends a watched address's coins nor a payment to the wallet not proven yet", async () => {
    rig = await createPaymentRig([100_000]);
    // A watch-only address holding 10 GBYTE (proven), and a stranger's unit, not proven yet,
    // paying the wallet 5,000 GBYTE (a hub can make one up).
    const watched = address('a watched address with no key');
    rig.db.addWatchedAddress({ address: watched, kind: 'watch-only' });
    rig.db.applyVerifiedHistory([
      joint(
        makeUnit({
          label: 'funds the watched address',
          authors: [OTHER],
          payments: [{ inputs: [], outputs: [{ address: watched, amount: 10e9 }] }],
        }),
        'stable',
        3,
      ),
      joint(
        makeUnit({
          label: 'an unproven 5000 GBYTE to the wallet',
          authors: [OTHER2],
          payments: [{ inputs: [], outputs: [{ address: rig.funded[0] ?? '', amount: 5000e9 }] }],
        }),
        'unconfirmed',
      ),
    ]);
    await expectPaymentError(
      rig.payments.preview({ account: 0, recipients: [{ address: OTHER, amount: 200_000 }] }),
      'funds',
      /but 100000 are spendable \(\d+ short/,
    );
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 50_000 }],
    });
    expect(preview.authors.map((a) => a.address)).toEqual([rig.funded[0]]);
    expect(preview.inputCount).toBe(1);
  });

  it('spend_unconfirmed: none spends stable coins only, own adds our own change, all adds what others sent', async () => {
    rig = await createPaymentRig([100_000, 1_000]);
    const [first = '', second = ''] = rig.funded;
    rig.db.applyVerifiedHistory([
      joint(
        makeUnit({
          label: 'our own payment, not stable yet: 300000 change to the first address',
          authors: [second],
          payments: [{ inputs: [], outputs: [{ address: first, amount: 300_000 }] }],
        }),
        'unconfirmed',
      ),
      joint(
        makeUnit({
          label: "a stranger's payment, not stable yet: 500000 to the first address",
          authors: [OTHER2],
          payments: [{ inputs: [], outputs: [{ address: first, amount: 500_000 }] }],
        }),
        'unconfirmed',
      ),
    ]);
    const p = rig.payments;
    const pay = (amount: number, rule: 'none' | 'own' | 'all') =>
      p.preview({ account: 0, recipients: [{ address: OTHER, amount }], spendUnconfirmed: rule });
    await expectPaymentError(pay(150_000, 'none'), 'funds', /101000 are spendable/);
    const stable = await pay(50_000, 'none');
    expect(stable.spendUnconfirmed).toBe('none');
    expect(stable.unconfirmedCoins).toBe(0);

    await expectPaymentError(pay(500_000, 'own'), 'funds', /401000 are spendable/);
    const own = await pay(350_000, 'own');
    expect(own.spendUnconfirmed).toBe('own');
    expect(own.unconfirmedCoins).toBe(1);
    // The default is ocore's: own.
    const byDefault = await p.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 350_000 }],
    });
    expect(byDefault.spendUnconfirmed).toBe('own');

    const all = await pay(800_000, 'all');
    expect(all.spendUnconfirmed).toBe('all');
    expect(all.unconfirmedCoins).toBe(2);
    expect(all.inputCount).toBe(3);
  });

  it('needs the unlocked wallet; a wrong password is refused and nothing is sent', async () => {
    rig = await createPaymentRig([100_000]);
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 1000 }],
    });
    rig.keystore.lock();
    await expectPaymentError(rig.payments.send(preview.previewId), 'locked', /locked/i);
    await expect(rig.keystore.unlock('wrong password')).rejects.toThrow(/password/i);
    expect(rig.scenario.posted).toHaveLength(0);
    await rig.keystore.unlock(PASSWORD);
    expect((await rig.payments.send(preview.previewId)).status).toBe('accepted');
  });

  it('recomposes a transiently refused unit from the same coins', async () => {
    rig = await createPaymentRig([100_000, 90_000]);
    rig.scenario.postMode = {
      kind: 'error',
      error: 'last ball just advanced, try again',
      times: 1,
    };
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    const outcome = await rig.payments.send(preview.previewId);
    expect(outcome.status).toBe('accepted');
    expect(rig.scenario.posted).toHaveLength(2);
    const [first, second] = rig.scenario.posted as [Unit, Unit];
    expect(inputsOf(second)).toEqual(inputsOf(first));
    expect(rig.store.outbox().map((e) => e.unit)).toEqual([outcome.unit]);
  });

  it('a permanent refusal names the reason and releases the coins once the hub does not know the unit', async () => {
    rig = await createPaymentRig([100_000]);
    rig.scenario.postMode = { kind: 'error', error: 'wrong headers commission, expected 1' };
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    await expectPaymentError(
      rig.payments.send(preview.previewId),
      'rejected',
      /wrong headers commission/,
    );
    expect(rig.store.outbox()).toEqual([]);
    expect(rig.store.lockedCoinKeys().size).toBe(0);
  });

  it('hub drops during post_joint: coins stay locked, no second unit, resolved as known after reconnect', async () => {
    rig = await createPaymentRig([100_000]);
    rig.scenario.postMode = { kind: 'drop' };
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    const second = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER2, amount: 6000 }],
    });
    const outcome = await rig.payments.send(preview.previewId);
    expect(outcome.status).toBe('unresolved');
    expect(rig.store.lockedCoinKeys().size).toBe(1);
    // The same coin cannot go into a second unit: the older preview is refused ...
    await expectPaymentError(
      rig.payments.send(second.previewId),
      'coins_locked',
      /already spent by the payment/,
    );
    // ... and a new preview finds nothing spendable.
    await expectPaymentError(
      rig.payments.preview({ account: 0, recipients: [{ address: OTHER2, amount: 6000 }] }),
      'funds',
      /Not enough/,
    );
    await rig.hub.waitForConnections(2);
    await rig.payments.resolveOutbox();
    expect(rig.scenario.posted).toHaveLength(1);
    expect(rig.payments.pendingPayments()).toEqual([
      expect.objectContaining({ unit: outcome.unit, status: 'pending' }),
    ]);
  });

  it('hub drops and loses the unit: after reconnect the SAME unit is posted again, even after an earlier pass with nothing to do', async () => {
    rig = await createPaymentRig([100_000]);
    // The app resolves at start with an empty outbox: such a pass must not stop later ones.
    await rig.payments.resolveOutbox();
    await rig.payments.resolveOutbox();
    rig.scenario.postMode = { kind: 'drop', lost: true };
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    const outcome = await rig.payments.send(preview.previewId);
    expect(outcome.status).toBe('unresolved');
    await rig.hub.waitForConnections(2);
    await rig.payments.resolveOutbox();
    expect(rig.scenario.posted).toHaveLength(2);
    expect(rig.scenario.posted[1]).toEqual(rig.scenario.posted[0]);
    expect(rig.scenario.accepted.has(outcome.unit)).toBe(true);
    expect(rig.payments.pendingPayments()[0]?.status).toBe('pending');
  });

  it("uses the threshold_size in force at the unit's last ball (system vars): the oversize fee follows", async () => {
    const asked: number[] = [];
    rig = await createPaymentRig([100_000], {
      thresholdSize: (mci) => {
        asked.push(mci);
        return 300; // every unit is larger: an oversize fee is due
      },
    });
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((mci) => Number.isSafeInteger(mci) && mci >= 0)).toBe(true);
    expect(preview.fees.oversize_fee).toBeGreaterThan(0);
    const outcome = await rig.payments.send(preview.previewId);
    const unit = rig.scenario.posted.find((u) => u.unit === outcome.unit);
    expect(unit?.oversize_fee).toBe(preview.fees.oversize_fee);
  });

  it('an outbox survives a restart of the service (resolution reads the database)', async () => {
    rig = await createPaymentRig([100_000]);
    rig.scenario.postMode = { kind: 'drop', lost: true };
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 5000 }],
    });
    const outcome = await rig.payments.send(preview.previewId);
    const entries = rig.store.outbox();
    expect(entries).toEqual([expect.objectContaining({ unit: outcome.unit, state: 'unresolved' })]);
    expect(JSON.parse(entries[0]?.joint ?? '{}')).toEqual({ unit: rig.scenario.posted[0] });
  });
});
