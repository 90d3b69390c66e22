/**
 * Payments to autonomous agents on the loopback hub (it answers light/get_definition and
 * light/dry_run_aa like the devnet's echo AA): the data message, the dry run in the preview, the
 * bounce that needs a separate confirmation, and every way it must refuse before signing — bad
 * data, a lying hub, a dry run that never ends or never stops responding, two AAs, a paying
 * address that is not the wallet's, a single address that cannot pay alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { paymentSentence } from '../../../electron/main/ipc/payment-sentences';
import { PaymentError } from '../../../electron/main/services/payments';
import { getAddressFromDefinition } from '../../../shared/protocol/chash';
import type { JsonObject } from '../../../shared/protocol/json';
import type { GenericMessage, PaymentPayload, Unit } from '../../../shared/protocol/unit-types';
import { ECHO_AA } from '../../support/test-hub/wallet-scenarios';
import { createPaymentRig, type PaymentRig } from './rig';

let rig: PaymentRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const OTHER = getAddressFromDefinition(['sig', { pubkey: 'A'.repeat(43) + 'A' }]);

async function refusal(promise: Promise<unknown>): Promise<PaymentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentError);
  return error as PaymentError;
}

function dataOf(unit: Unit): unknown {
  return (unit.messages.find((m) => m.app === 'data') as GenericMessage | undefined)?.payload;
}

describe('payments to an autonomous agent', () => {
  it('carries the data, shows the dry run, and sends the unit the hub dry-ran', async () => {
    rig = await createPaymentRig([100_000, 50_000], { tpsFee: 100, aa: {} });
    const aa = rig.scenario.addAa(ECHO_AA);
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: aa, amount: 20_000 }],
      data: { echo: 'hello' },
    });
    expect(preview.data).toEqual({ echo: 'hello' });
    expect(preview.unit.messages.map((m) => m.app)).toEqual(['data', 'payment']);
    expect(dataOf(preview.unit)).toEqual({ echo: 'hello' });
    const view = preview.aa;
    expect(view?.aa.address).toBe(aa);
    expect(view?.received).toEqual({ base: 20_000 });
    expect(view?.bounceFees).toEqual({ base: 10_000 });
    expect(view?.bounce).toEqual({
      kind: 'refund',
      refunds: { base: 10_000 },
      fees: { base: 10_000 },
    });
    expect(view?.tpsFeeUnits).toBe(11);
    expect(view?.bounceReason).toBeNull();
    // The trigger dry-run is the unit's: its first author, the outputs to the AA, the data.
    const trigger = rig.scenario.dryRunRequests[0]?.['trigger'] as JsonObject;
    expect(trigger).toEqual({
      address: preview.unit.authors[0]?.address,
      outputs: { base: 20_000 },
      data: { echo: 'hello' },
    });
    const [response] = view?.dryRun ?? [];
    expect(response?.responseVars).toEqual({ echo: 'hello' });
    expect(response?.outputs.find((o) => o.address !== aa)?.amount).toBe(18_000);

    const outcome = await rig.payments.send(preview.previewId);
    expect(outcome.status).toBe('accepted');
    const posted = rig.scenario.posted[0] as Unit;
    expect(dataOf(posted)).toEqual({ echo: 'hello' });
    // The hub counted the AA: the unit leaves max_aa_responses out (10, as ocore does).
    expect(posted.max_aa_responses).toBeUndefined();
    const base = posted.messages.find((m) => m.app === 'payment')?.payload as PaymentPayload;
    expect(base.outputs.find((o) => o.address === aa)?.amount).toBe(20_000);
  });

  it('a payment that would bounce says so and is sent only with a separate confirmation', async () => {
    rig = await createPaymentRig([100_000], { aa: {} });
    const aa = rig.scenario.addAa(ECHO_AA);
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: aa, amount: 5_000 }],
      data: { echo: 'small' },
    });
    expect(preview.aa?.bounceReason).toMatch(/below its bounce fee/);
    expect(preview.aa?.bounce).toEqual({ kind: 'keeps_all', asset: 'base' });
    expect(preview.aa?.missingBounceFees).toEqual([
      { asset: 'base', missing_amount: 5_000, recommended_amount: 10_000 },
    ]);
    const error = await refusal(rig.payments.send(preview.previewId));
    expect(error.code).toBe('bounce');
    expect(paymentSentence(error.facts)).toMatch(/would bounce/);
    expect(rig.scenario.posted).toHaveLength(0);
    expect((await rig.payments.send(preview.previewId, { acceptBounce: true })).status).toBe(
      'accepted',
    );
  });

  it('a dry run that bounces for the AA’s own reason needs the confirmation too', async () => {
    rig = await createPaymentRig([100_000], { aa: {} });
    const aa = rig.scenario.addAa(ECHO_AA);
    rig.scenario.dryRun = (address, trigger) => ({
      response: [
        {
          mci: 1,
          trigger_address: trigger['address'] ?? '',
          aa_address: address,
          trigger_unit: rig?.scenario.genesisUnit ?? '',
          bounced: true,
          response_unit: null,
          response: { error: 'price moved' },
        },
      ],
    });
    const preview = await rig.payments.preview({
      account: 0,
      recipients: [{ address: aa, amount: 30_000 }],
    });
    expect(preview.aa?.bounceReason).toBe('price moved');
    expect(preview.aa?.bounce).toEqual({
      kind: 'refund',
      refunds: { base: 20_000 },
      fees: { base: 10_000 },
    });
    expect((await refusal(rig.payments.send(preview.previewId))).code).toBe('bounce');
  });

  it('refuses bad data before anything is signed', async () => {
    rig = await createPaymentRig([100_000], { aa: {} });
    const aa = rig.scenario.addAa(ECHO_AA);
    const recipients = [{ address: aa, amount: 20_000 }];
    for (const [data, text] of [
      [[1, 2], /not a list/],
      ['text', /not a string/],
      [{}, /empty object/],
      [{ a: null }, /null/],
      [{ big: 'x'.repeat(100_001) }, /too large/],
    ] as const) {
      const error = await refusal(rig.payments.preview({ account: 0, recipients, data }));
      expect(error.code).toBe('data');
      expect(paymentSentence(error.facts)).toMatch(text);
      expect(paymentSentence(error.facts)).toMatch(/Nothing was signed/);
    }
    expect(rig.scenario.dryRunRequests).toHaveLength(0);
  });

  it('catches a hub that lies about a definition', async () => {
    rig = await createPaymentRig([100_000], { aa: {} });
    rig.scenario.aas.set(OTHER, ECHO_AA); // the echo AA's definition served for another address
    const error = await refusal(
      rig.payments.preview({ account: 0, recipients: [{ address: OTHER, amount: 20_000 }] }),
    );
    expect(error.code).toBe('aa');
    expect(paymentSentence(error.facts)).toMatch(/lying or broken/);
    expect(rig.scenario.posted).toHaveLength(0);
  });

  it('gives up on a dry run that does not finish, and on an endless response chain', async () => {
    rig = await createPaymentRig([100_000], { aa: { dryRunTimeoutMs: 300 } });
    const aa = rig.scenario.addAa(ECHO_AA);
    rig.scenario.dryRun = () => ({ never: true });
    const slow = await refusal(
      rig.payments.preview({ account: 0, recipients: [{ address: aa, amount: 20_000 }] }),
    );
    expect(slow.code).toBe('aa');
    expect(paymentSentence(slow.facts)).toMatch(/did not finish the dry run/);
    const row = {
      mci: 1,
      trigger_address: OTHER,
      aa_address: aa,
      trigger_unit: rig.scenario.genesisUnit,
      bounced: false,
      response: {},
    };
    rig.scenario.dryRun = () => ({ response: Array.from({ length: 60 }, () => row) });
    const endless = await refusal(
      rig.payments.preview({ account: 0, recipients: [{ address: aa, amount: 20_000 }] }),
    );
    // Words for the person, what exactly was wrong for the log.
    expect(paymentSentence(endless.facts)).toBe(
      'The hub sent an answer this wallet cannot read (light/dry_run_aa). Nothing was changed. Nothing was signed.',
    );
    expect(rig.aaLog.join('\n')).toMatch(/unreadable hub answer.*more than 50 responses/);
  });

  it('refuses two AAs in one payment', async () => {
    rig = await createPaymentRig([100_000], { aa: {} });
    const a = rig.scenario.addAa(ECHO_AA);
    const b = rig.scenario.addAa([
      'autonomous agent',
      { bounce_fees: { base: 20000 }, messages: [{ app: 'state', state: '{}' }] },
    ]);
    const error = await refusal(
      rig.payments.preview({
        account: 0,
        recipients: [
          { address: a, amount: 20_000 },
          { address: b, amount: 20_000 },
        ],
      }),
    );
    expect(paymentSentence(error.facts)).toMatch(/one autonomous agent only/);
  });

  it('honours from_address and single_address, or refuses', async () => {
    rig = await createPaymentRig([100_000, 60_000, 30_000], { aa: {} });
    const [first, second] = rig.funded;
    const from = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 20_000 }],
      fromAddress: second ?? '',
    });
    expect(from.unit.authors.map((a) => a.address)).toEqual([second]);
    const notMine = await refusal(
      rig.payments.preview({
        account: 0,
        recipients: [{ address: OTHER, amount: 1 }],
        fromAddress: OTHER,
      }),
    );
    expect(paymentSentence(notMine.facts)).toMatch(/not an address of this wallet/);
    // single_address: inputs and change at one address, the one that can pay alone.
    const single = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 50_000 }],
      singleAddress: true,
    });
    expect(single.unit.authors.map((a) => a.address)).toEqual([second]);
    expect(single.change.map((c) => c.address)).toEqual([second]);
    const pinned = await rig.payments.preview({
      account: 0,
      recipients: [{ address: OTHER, amount: 50_000 }],
      singleAddress: true,
      fromAddress: first ?? '',
    });
    expect(pinned.change.map((c) => c.address)).toEqual([first]);
    const tooBig = await refusal(
      rig.payments.preview({
        account: 0,
        recipients: [{ address: OTHER, amount: 150_000 }],
        singleAddress: true,
      }),
    );
    expect(paymentSentence(tooBig.facts)).toMatch(
      /no address of this wallet holds enough for it alone/,
    );
  });
});
