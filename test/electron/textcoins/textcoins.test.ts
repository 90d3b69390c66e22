/**
 * TextcoinService on the loopback hub's synthetic devnet DAG (real SQLite, real keystore, real
 * WebSocket): a textcoin sent with the claim fee rule, its words sealed on disk before the post,
 * listed with the hub's word, taken back; a textcoin funded by someone else claimed into the
 * wallet with a unit signed by the textcoin's key (re-checked with the vector-proven functions);
 * claimed, empty and garbage textcoins refused in words; a payment that never left forgets its
 * words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/main/services/clock';
import { nodeRandomSource } from '../../../electron/main/services/keystore';
import { paymentSentence } from '../../../electron/main/ipc/payment-sentences';
import { textcoinSentence } from '../../../electron/main/ipc/textcoin-sentences';
import { PaymentError } from '../../../electron/main/services/payments';
import type { TextcoinStore } from '../../../electron/main/services/storage/textcoin-store';
import {
  TextcoinError,
  TextcoinService,
  unsealWords,
} from '../../../electron/main/services/textcoins';
import { getUnitHash, verifyAuthentifiersWithoutReferences } from '../../../shared/protocol/index';
import { getWitnesses } from '../../../shared/protocol/light/index';
import { mergeSystemVars, type SystemVars } from '../../../electron/main/services/hub';
import { getTextcoinAddress } from '../../../shared/protocol/hd';
import { readFixture } from '../../support/fixtures';
import { until } from '../../support/until';
import { textcoinWebLink } from '../../../shared/protocol/textcoin';
import { getUnitHashToSign } from '../../../shared/protocol/unit';
import type { PaymentPayload, Unit } from '../../../shared/protocol/unit-types';
import type { JsonObject, JsonValue } from '../../../shared/protocol/json';
import { NETWORKS } from '../../../shared/protocol/wire';
import { recordingLogger } from '../fakes';
import { createPaymentRig, type PaymentRig } from '../payments/rig';
import { address, hash, joint, makeUnit } from '../storage/builders';

/** Words of a textcoin made by ocore's code (test/fixtures/textcoin-vectors.json, vector 0). */
const FOREIGN = 'wheel-west-illegal-expand-swear-two-orphan-multiply-fringe-summer-supply-liberty';
const FOREIGN_ADDRESS = 'WZPKJN4GLUFU437EJQS6XXHS6Y3MNFKW';
/** Vector 1: never funded in these tests. */
const EMPTY = 'smile state vehicle staff club point buzz day job fade conduct flame';

interface Rig extends PaymentRig {
  readonly textcoins: TextcoinService;
  readonly tcStore: TextcoinStore;
  /** The hub's latest system_vars push, as the light session keeps it. */
  readonly systemVars: () => SystemVars | null;
}

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function createRig(tpsFee = 25): Promise<Rig> {
  const base = await createPaymentRig([100_000, 50_000], { tpsFee });
  const tcStore = base.db.textcoinStore();
  let systemVars: SystemVars | null = null;
  base.client.on('push', (push) => {
    if (push.subject === 'system_vars') systemVars = mergeSystemVars(systemVars, push.systemVars);
  });
  const textcoins = new TextcoinService({
    hub: base.client,
    db: base.db,
    store: tcStore,
    payments: base.payments,
    receiveAddress: () => base.wallet.nextReceiveAddress(),
    account: () => 0,
    deviceSigner: () => base.keystore.wallet().deviceSigner(),
    network: NETWORKS.devnet,
    witnesses: () => getWitnesses(base.client),
    systemVars: () => systemVars,
    random: nodeRandomSource,
    clock: systemClock,
    logger: recordingLogger().logger,
  });
  return { ...base, textcoins, tcStore, systemVars: () => systemVars };
}

function payments(unit: Unit): PaymentPayload[] {
  return unit.messages.filter((m) => m.app === 'payment').map((m) => m.payload as PaymentPayload);
}

function expectSigned(unit: Unit): void {
  expect(getUnitHash(unit)).toBe(unit.unit);
  const digest = getUnitHashToSign(unit);
  for (const author of unit.authors) {
    expect(author.definition).toBeDefined();
    expect(
      verifyAuthentifiersWithoutReferences(author.definition ?? [], author.authentifiers ?? {}, {
        hashToSign: digest,
        authorAddresses: unit.authors.map((a) => a.address),
      }),
    ).toEqual({ status: 'verified' });
  }
}

/** The words the page and the command line show for a refusal (the services give facts). */
function words(error: Error): string {
  if (error instanceof TextcoinError) return textcoinSentence(error.facts);
  if (error instanceof PaymentError) return paymentSentence(error.facts);
  return error.message;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('TextcoinService', () => {
  it('sends a textcoin with the claim fee added, its words sealed before the post, and takes it back', async () => {
    rig = await createRig(200);
    const { textcoins, tcStore, scenario } = rig;
    const preview = await textcoins.previewSend({ amount: 10_000 });
    // The claim fee rule (devnet "4.0dev": 775) and twice the hub's TPS fee of 200.
    expect(preview.funding).toEqual({
      outputs: [{ address: preview.address, amount: 11_175, asset: 'base' }],
      claimFee: 775,
      tpsAllowance: 400,
      addedBytes: 1175,
    });
    expect(preview.payment.recipients).toEqual([
      { address: preview.address, amount: 11_175, asset: 'base' },
    ]);
    expect(preview.payment.totalLeaving['base']).toBe(11_175 + preview.payment.fees.total);
    expect(tcStore.list()).toEqual([]);

    const sent = await textcoins.send(preview.payment.previewId);
    expect(sent.outcome.status).toBe('accepted');
    expect(sent.textcoin.split('-')).toHaveLength(12);
    expect(getTextcoinAddress(sent.textcoin)).toBe(preview.address);
    expect(sent.link).toBe(textcoinWebLink(sent.textcoin));
    expect(sent.uri).toBe(`obyte:textcoin?${sent.textcoin}`);
    const posted = scenario.posted.at(-1) as Unit;
    expect(posted.unit).toBe(sent.outcome.unit);
    expect(payments(posted)[0]?.outputs).toContainEqual({
      address: preview.address,
      amount: 11_175,
    });

    const [row] = tcStore.list();
    expect(row).toMatchObject({
      address: preview.address,
      asset: 'base',
      amount: 10_000,
      addedBytes: 1175,
      claimFee: 775,
      state: 'sent',
      unit: sent.outcome.unit,
      claimUnit: null,
    });
    // Sealed: the words are not in the database, and open only with this wallet's key and row.
    const sealed = row?.sealedWords ?? '';
    for (const word of sent.textcoin.split('-')) expect(sealed).not.toContain(word);
    const device = rig.keystore.wallet().deviceSigner();
    expect(unsealWords(sealed, preview.address, device)).toBe(sent.textcoin);
    expect(unsealWords(sealed, FOREIGN_ADDRESS, device)).toBeNull();
    device.wipe();
    // One-shot.
    expect(words(await failure(textcoins.send(preview.payment.previewId)))).toMatch(
      /expired or was already sent/,
    );

    scenario.confirm(sent.outcome.unit);
    const listed = await textcoins.list();
    expect(listed).toEqual([
      expect.objectContaining({
        address: preview.address,
        claimState: 'unclaimed',
        holds: { base: 11_175 },
      }),
    ]);

    const back = await textcoins.previewTakeBack(preview.address);
    expect(back.ownTextcoin).toBe(true);
    expect(back.address).toBe(preview.address);
    expect(rig.wallet.lookup(back.to)).not.toBeNull();
    // Send all: everything minus the fees comes back; the claim fee covers them.
    expect(back.payment.recipients).toEqual([
      { address: back.to, amount: 11_175 - back.payment.fees.total, asset: 'base' },
    ]);
    expect(back.payment.fees.tps_fee).toBe(200);
    expect(back.payment.fees.total).toBeLessThanOrEqual(1175);
    const claimed = await textcoins.claim(back.payment.previewId);
    expect(claimed.status).toBe('accepted');
    const claimUnit = scenario.posted.at(-1) as Unit;
    expect(claimUnit.authors.map((a) => a.address)).toEqual([preview.address]);
    expectSigned(claimUnit);
    expect(tcStore.get(preview.address)?.claimUnit).toBe(claimed.unit);
    scenario.confirm(claimed.unit);
    expect((await textcoins.list())[0]?.claimState).toBe('taken-back');
  });

  it('a hub estimate of 0 when sending still leaves the claim its least TPS allowance', async () => {
    rig = await createRig(0);
    const preview = await rig.textcoins.previewSend({ amount: 10_000 });
    expect(preview.funding).toEqual({
      outputs: [{ address: preview.address, amount: 10_000 + 775 + 344, asset: 'base' }],
      claimFee: 775,
      tpsAllowance: 344,
      addedBytes: 775 + 344,
    });
    rig.textcoins.discard(preview.payment.previewId);
  });

  it("the claim's least TPS allowance follows the hub's system_vars (the captured devnet frame: tps_interval 2); malformed or unbelievable ones are refused, never replaced by the initial values", async () => {
    rig = await createRig(0);
    const { hub, textcoins } = rig;
    // No system_vars from the hub yet: the initial values, and the preview says so.
    const initial = await textcoins.previewSend({ amount: 10_000 });
    expect(initial.tpsFloor).toEqual({ minTpsFee: 172, variables: 'initial' });
    expect(initial.funding.tpsAllowance).toBe(344);
    textcoins.discard(initial.payment.previewId);

    // What the reference hub sent the reference light wallet (devnet: tps_interval voted 2).
    const frames = readFixture<Array<{ frame: [string, { subject: string; body: JsonObject }] }>>(
      'reference_light_client/lightwallet_justsaying_system_vars_hub_to_client.json',
    );
    const captured = frames[0]?.frame[1].body ?? {};
    const pushed = async (body: JsonValue): Promise<void> => {
      const before = rig?.systemVars();
      hub.broadcast('system_vars', body);
      await until(() => rig?.systemVars() !== before, 'the system_vars push');
    };
    const vote = (value: JsonValue) => [{ vote_count_mci: -1, value, is_emergency: 0 }];
    const refused = async (text: RegExp): Promise<void> => {
      const posts = rig?.scenario.posted.length;
      const error = await failure(textcoins.previewSend({ amount: 10_000 }));
      expect(error).toBeInstanceOf(TextcoinError);
      expect((error as TextcoinError).code).toBe('hub');
      expect(words(error)).toMatch(text);
      expect(words(error)).toMatch(/^The textcoin cannot be prepared: .* Nothing was signed\.$/);
      expect(rig?.scenario.posted.length).toBe(posts);
    };
    // System vars without the TPS variables (they are kept from push to push, so only a hub's
    // first push can lack them): not the initial values either.
    await pushed({ op_list: captured['op_list'] ?? [] });
    await refused(/have no base_tps_fee/);

    await pushed(captured);
    const fromHub = await textcoins.previewSend({ amount: 10_000 });
    // round(10 × 10 × (exp(1 / 2) − 1)) = 65, twice.
    expect(fromHub.tpsFloor).toEqual({ minTpsFee: 65, variables: 'hub' });
    expect(fromHub.funding).toEqual({
      outputs: [{ address: fromHub.address, amount: 10_000 + 775 + 130, asset: 'base' }],
      claimFee: 775,
      tpsAllowance: 130,
      addedBytes: 775 + 130,
    });
    textcoins.discard(fromHub.payment.previewId);

    const refusals: Array<[JsonObject, RegExp]> = [
      // A vote the network would not accept.
      [
        { ...captured, tps_interval: vote(0.01) },
        /tps_interval is 0\.01, which the network would not accept/,
      ],
      [{ ...captured, base_tps_fee: vote('10') }, /base_tps_fee is "10", which the network/],
      [{ ...captured, tps_fee_multiplier: vote(5000) }, /tps_fee_multiplier is 5000/],
      // Within the vote bounds, but the fee of one unit would be 100 × 1e8 × (e − 1) bytes.
      [{ ...captured, base_tps_fee: vote(1e8), tps_interval: vote(1) }, /not believable/],
      // A newer vote (counted at MCI 900) that lies, above the honest initial one.
      [
        {
          ...captured,
          tps_interval: [
            { vote_count_mci: 900, value: -2, is_emergency: 0 },
            { vote_count_mci: -1, value: 1, is_emergency: 0 },
          ],
        },
        /tps_interval is -2/,
      ],
    ];
    for (const [body, text] of refusals) {
      await pushed(body);
      await refused(text);
    }
    expect(rig.tcStore.list()).toEqual([]);
  });

  it("refuses a hub's TPS estimate no claim could pay (above 100 times a claim's size fees) before anything is signed", async () => {
    // Devnet "4.0dev": a claim's size fees are 775 bytes, so 77 500 is the most a claim can pay.
    rig = await createRig(77_501);
    const error = await failure(rig.textcoins.previewSend({ amount: 10_000 }));
    expect(error).toBeInstanceOf(TextcoinError);
    expect((error as TextcoinError).code).toBe('hub');
    expect(words(error)).toBe(
      "The textcoin cannot be prepared: the hub's TPS fee estimate for the claim is 77501 bytes, more than 100 times a claim's size fees (775 bytes): no wallet could claim with it, so it is not believable. Nothing was signed.",
    );
    expect(rig.scenario.posted).toEqual([]);
    expect(rig.tcStore.list()).toEqual([]);
  });

  it("claims someone else's textcoin from its link into a receiving address of the wallet", async () => {
    rig = await createRig(0);
    const { textcoins, scenario } = rig;
    scenario.pay([{ address: FOREIGN_ADDRESS, amount: 20_000 }]);
    const preview = await textcoins.previewClaim(`  ${textcoinWebLink(FOREIGN)}\n`);
    expect(preview.address).toBe(FOREIGN_ADDRESS);
    expect(preview.ownTextcoin).toBe(false);
    expect(preview.unconfirmedCoins).toBe(0);
    expect(preview.payment.authors).toEqual([
      { address: FOREIGN_ADDRESS, revealsDefinition: true },
    ]);
    const arrives = preview.payment.recipients[0]?.amount ?? 0;
    expect(arrives).toBe(20_000 - preview.payment.fees.total);
    expect(preview.payment.change).toEqual([]);

    const claimed = await textcoins.claim(preview.payment.previewId);
    const unit = scenario.posted.at(-1) as Unit;
    expect(unit.unit).toBe(claimed.unit);
    expectSigned(unit);
    expect(payments(unit)[0]?.outputs).toEqual([{ address: preview.to, amount: arrives }]);
    // Ours now: stored as unconfirmed, so the balance shows it as pending.
    expect(rig.db.getUnit(claimed.unit)?.status).toBe('pending');
    // Not ours: nothing is remembered as a textcoin we sent.
    expect(rig.tcStore.list()).toEqual([]);

    // While the claim is only in the hub's DAG, and once it is on the main chain: claimed.
    for (const step of ['pending', 'stable']) {
      if (step === 'stable') scenario.confirm(claimed.unit);
      const error = await failure(textcoins.previewClaim(FOREIGN));
      expect(error).toBeInstanceOf(TextcoinError);
      expect((error as TextcoinError).code).toBe('claimed');
      expect(words(error)).toMatch(/already claimed/);
    }
  });

  it('refuses garbage, an empty textcoin, and a textcoin of the other network, in words', async () => {
    rig = await createRig();
    const { textcoins } = rig;
    const requests = rig.scenario.historyRequests.length;
    for (const [input, text] of [
      ['', /Paste a textcoin/],
      ['hello world', /not a valid textcoin/],
      [`obyte-tn:textcoin?${FOREIGN}`, /testnet link/],
      [FOREIGN.replace('wheel', 'whale'), /not a valid textcoin/],
    ] as const) {
      const error = await failure(textcoins.previewClaim(input));
      expect((error as TextcoinError).code).toBe('input');
      expect(words(error)).toMatch(text);
    }
    // Refused before any question to the hub.
    expect(rig.scenario.historyRequests.length).toBe(requests);
    const empty = await failure(textcoins.previewClaim(EMPTY));
    expect((empty as TextcoinError).code).toBe('empty');
    expect(words(empty)).toMatch(/holds nothing: no payment to its address/);
  });

  it('forgets the words of a textcoin whose payment never left', async () => {
    rig = await createRig();
    const { textcoins, tcStore, scenario } = rig;
    // Refused by the network: nothing was spent, the row goes.
    const refused = await textcoins.previewSend({ amount: 5_000 });
    scenario.postMode = { kind: 'error', error: 'some validation error' };
    const error = await failure(textcoins.send(refused.payment.previewId));
    expect(error).toBeInstanceOf(PaymentError);
    expect(tcStore.list()).toEqual([]);
    // Cancelled: never written.
    const cancelled = await textcoins.previewSend({ amount: 5_000 });
    textcoins.discard(cancelled.payment.previewId);
    expect(words(await failure(textcoins.send(cancelled.payment.previewId)))).toMatch(
      /expired or was already sent/,
    );
    // Locked wallet: the words cannot be sealed, so nothing is sent or written.
    const locked = await textcoins.previewSend({ amount: 5_000 });
    const posts = scenario.posted.length;
    rig.keystore.lock('user');
    expect(words(await failure(textcoins.send(locked.payment.previewId)))).toMatch(/locked/);
    expect(scenario.posted.length).toBe(posts);
    expect(tcStore.list()).toEqual([]);
  });

  it('refuses indivisible, private and unseen assets in words, before any I/O', async () => {
    rig = await createRig();
    const own = rig.funded[0] ?? '';
    const divisible = hash('a divisible asset');
    const indivisible = hash('an indivisible asset');
    const unseen = hash('an asset never paid to this wallet');
    const blackbytes = hash('the blackbytes of this test network');
    // Payments to the wallet as the hub would have served them: the indivisible asset's
    // messages name their denomination (ocore validation.js requires it).
    rig.db.applyVerifiedHistory([
      joint(
        makeUnit({
          label: 'divisible to us',
          authors: [address('issuer')],
          payments: [{ asset: divisible, inputs: [], outputs: [{ address: own, amount: 500 }] }],
        }),
        'stable',
        900_001,
      ),
      joint(
        makeUnit({
          label: 'indivisible to us',
          authors: [address('issuer')],
          payments: [
            {
              asset: indivisible,
              denomination: 100,
              inputs: [],
              outputs: [{ address: own, amount: 300 }],
            },
          ],
        }),
        'stable',
        900_002,
      ),
    ]);
    const textcoins = new TextcoinService({
      hub: rig.client,
      db: rig.db,
      store: rig.tcStore,
      payments: rig.payments,
      receiveAddress: () => Promise.reject(new Error('no receiving address is needed')),
      account: () => 0,
      deviceSigner: () => {
        throw new Error('no signer is needed');
      },
      network: { ...NETWORKS.devnet, blackbytesAsset: blackbytes },
      witnesses: () => Promise.reject(new Error('the hub must not be asked')),
      systemVars: () => null,
      random: nodeRandomSource,
      clock: systemClock,
      logger: recordingLogger().logger,
    });
    const requests = (): number =>
      rig?.hub.connections.reduce((n, c) => n + c.requests().length, 0) ?? 0;
    const before = requests();
    for (const [asset, text] of [
      [indivisible, /indivisible \(fixed denominations\) and cannot be sent as a textcoin/],
      [blackbytes, /Blackbytes are a private asset and cannot be sent as a textcoin/],
      [unseen, /has seen no public payment in the asset .* or it is a private asset/],
    ] as const) {
      const error = await failure(textcoins.previewSend({ amount: 100, asset }));
      expect(error).toBeInstanceOf(TextcoinError);
      expect((error as TextcoinError).code).toBe('input');
      expect(words(error)).toMatch(text);
      expect(words(error)).toMatch(/Nothing was sent\.$/);
    }
    expect(requests()).toBe(before);
    expect(rig.tcStore.list()).toEqual([]);
    // The same decision as a yes or no (what the Textcoins screen's asset picker lists).
    expect(textcoins.carries('base')).toBe(true);
    expect(textcoins.carries(divisible)).toBe(true);
    expect(textcoins.carries(indivisible)).toBe(false);
    expect(textcoins.carries(blackbytes)).toBe(false);
    expect(textcoins.carries(unseen)).toBe(false);
    expect(requests()).toBe(before);
    // A divisible asset the wallet was paid in passes the check: the hub is asked next.
    const passed = await failure(textcoins.previewSend({ amount: 100, asset: divisible }));
    expect(words(passed)).toMatch(/the hub must not be asked/);
  });

  it('checks the amount and asset before any I/O', async () => {
    rig = await createRig();
    const requests = (): number =>
      rig?.hub.connections.reduce((n, c) => n + c.requests().length, 0) ?? 0;
    const before = requests();
    for (const [amount, asset, text] of [
      [0, 'base', /positive whole/],
      [-1, 'base', /positive whole/],
      [1.5, 'base', /positive whole/],
      [9e15 + 1, 'base', /maximum/],
      [5, 'gold', /asset/],
    ] as const) {
      const error = await failure(rig.textcoins.previewSend({ amount, asset }));
      expect((error as TextcoinError).code).toBe('input');
      expect(words(error)).toMatch(text);
    }
    expect(requests()).toBe(before);
  });
});
