/**
 * A synthetic devnet DAG for wallet and payment tests: one witness, a genesis, a funder that pays
 * any list of addresses (one main-chain unit per up to 100 outputs), and witness units on top so
 * that every funding unit is provable. It answers like an ocore hub:
 *
 * - `light/get_history` (ocore light.prepareHistory): the units touching the addresses, plus the
 *   requested joints, minus known stable units, with witness proof and proofchain; `{}` when
 *   nothing matches; "your history is too large" above `maxUnits`. Every answer passes the real
 *   verifier.
 * - `light/get_parents_and_last_ball_and_witness_list_unit`, `get_witnesses`.
 * - `post_joint`: records every posted unit; `postMode` scripts the answer (accept, an error text,
 *   or drop the connection before answering). Accepted units join the DAG with `confirm()`.
 * - `get_joint`: `{joint}` for a unit it knows (funding or accepted), else `{joint_not_found}`.
 * - `light/get_definition` for the autonomous agents a test adds with `addAa` (none otherwise),
 *   `count_primary_aa_triggers` counted from them, and `light/dry_run_aa` answered as the devnet's
 *   echo AA does (or by a test's `dryRun` script). With `respondToTriggers`, an accepted unit that
 *   pays an AA is put on the main chain at once and the AA responds as the echo AA does (a
 *   response unit on the main chain, or a bounce): `light/get_aa_response_chain`,
 *   `light/get_aa_responses`, `light/get_aa_state_vars` and `light/get_aa_balances` answer from it.
 */
import { getAddressFromDefinition } from '../../../shared/protocol/chash';
import { getHeadersSize, getPayloadSize } from '../../../shared/protocol/commission';
import {
  chainOf,
  deriveWalletAddress,
  derivePath,
  getAccountPath,
  masterKeyFromMnemonic,
  serializeXpub,
  toHdPublicKey,
} from '../../../shared/protocol/hd';
import type { JsonObject, JsonValue } from '../../../shared/protocol/json';
import { isJsonObject } from '../../../shared/protocol/json';
import { getPublicKeyB64, sign } from '../../../shared/protocol/signature';
import {
  getBallHash,
  getMessagePayloadHash,
  getUnitHash,
  getUnitHashToSign,
} from '../../../shared/protocol/unit';
import type { AddressDefinition, Unit } from '../../../shared/protocol/unit-types';
import type { Handler, HubAnswer, TestHub } from './test-hub';

const VERSION = '4.0dev';
const ALT = '3';
const LAST_BALL_LAG = 2;
const WITNESS_UNITS = 3;
const OUTPUTS_PER_UNIT = 100;
const T0 = 1_700_000_000;

/**
 * The echo AA the dry run and `respondToTriggers` answer for: bounce fee 10000 bytes, it keeps
 * and answers `trigger.data.echo`.
 */
export const ECHO_AA = [
  'autonomous agent',
  {
    bounce_fees: { base: 10000 },
    messages: [
      {
        app: 'state',
        state: "{ var['last_echo'] = trigger.data.echo; response['echo'] = trigger.data.echo; }",
      },
    ],
  },
];

/** The standard BIP-39 test phrase. */
export const TEST_MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

interface Key {
  readonly privateKey: Uint8Array;
  readonly definition: AddressDefinition;
  readonly address: string;
}

function key(seed: number): Key {
  const privateKey = Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? seed : 9));
  const definition: AddressDefinition = ['sig', { pubkey: getPublicKeyB64(privateKey) }];
  return { privateKey, definition, address: getAddressFromDefinition(definition) };
}

/** The address of m/44'/0'/account'/is_change/index of a mnemonic (as the wallet derives it). */
export function walletAddressOf(
  mnemonic: string,
  account: number,
  isChange: boolean,
  index: number,
): string {
  const xpub = serializeXpub(
    toHdPublicKey(derivePath(masterKeyFromMnemonic(mnemonic), getAccountPath(account))),
  );
  return deriveWalletAddress(xpub, isChange, index).address;
}

/** Many addresses of one account chain (derives the account key once). */
export function walletAddressesOf(
  mnemonic: string,
  account: number,
  isChange: boolean,
  count: number,
): string[] {
  const xpub = serializeXpub(
    toHdPublicKey(derivePath(masterKeyFromMnemonic(mnemonic), getAccountPath(account))),
  );
  const chain = chainOf(xpub, isChange);
  return Array.from({ length: count }, (_, i) => chain.address(i).address);
}

export type PostMode =
  | { readonly kind: 'accept' }
  | { readonly kind: 'error'; readonly error: string; readonly times?: number }
  /** Cut the connection before answering; `lost`: the hub did not keep the unit either. */
  | { readonly kind: 'drop'; readonly lost?: boolean };

export interface WalletScenarioOptions {
  /** Outputs to create: address and amount (each a coin of the wallet). */
  readonly payments: readonly { readonly address: string; readonly amount: number }[];
  /** Above this many matching units, "your history is too large" (ocore: 2000). */
  readonly maxUnits?: number;
  /** tps_fee answered with parents (default 0). */
  readonly tpsFee?: number;
  /** Wallet outputs per funding unit (default 100; 1 makes one unit per payment). */
  readonly outputsPerUnit?: number;
}

interface Served {
  readonly unit: Unit;
  readonly mci: number;
  readonly ball: string;
  readonly addresses: ReadonlySet<string>;
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function unitAddresses(unit: Unit): Set<string> {
  const out = new Set(unit.authors.map((a) => a.address));
  for (const message of unit.messages) {
    if (message.app !== 'payment' || !isJsonObject(message.payload as unknown as JsonValue))
      continue;
    const payload = message.payload as { outputs?: { address?: string }[] };
    for (const output of payload.outputs ?? []) if (output.address) out.add(output.address);
  }
  return out;
}

export class WalletScenario {
  readonly witness = key(1);
  readonly funder = key(2);
  /** Every `light/get_history` params object, in order. */
  readonly historyRequests: JsonObject[] = [];
  /** Every unit posted with `post_joint`, in order (also refused ones). */
  readonly posted: Unit[] = [];
  /** Units the hub accepted (in its DAG, not yet on the main chain until `confirm`). */
  readonly accepted = new Map<string, Unit>();
  postMode: PostMode = { kind: 'accept' };
  readonly genesisUnit: string;
  private readonly chain: Served[] = [];
  private readonly options: WalletScenarioOptions;
  private readonly seenAuthors = new Set<string>();

  constructor(options: WalletScenarioOptions) {
    this.options = options;
    const genesis = this.build(
      this.witness,
      {
        inputs: [{ type: 'issue', serial_number: 1, amount: 1e15, address: this.witness.address }],
        outputs: [this.witness.address, this.funder.address]
          .sort()
          .map((address) => ({ address, amount: 5e14 })),
      },
      { timestamp: T0 },
    );
    this.genesisUnit = genesis.unit ?? '';
    this.append(genesis);
    const payments = [...options.payments];
    const perUnit = options.outputsPerUnit ?? OUTPUTS_PER_UNIT;
    for (let i = 0; i < payments.length; i += perUnit) {
      const outputs = payments
        .slice(i, i + perUnit)
        .map((p) => ({ address: p.address, amount: p.amount }));
      const total = outputs.reduce((sum, o) => sum + o.amount, 0);
      outputs.push({ address: this.funder.address, amount: 1e13 - total });
      this.appendPayment(this.funder, outputs);
    }
    for (let i = 0; i < WITNESS_UNITS; i++) {
      this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
    }
  }

  private header(): Partial<Unit> {
    const mci = this.chain.length;
    const lastBallMci = Math.max(0, mci - LAST_BALL_LAG);
    const last = this.chain[lastBallMci] as Served;
    return {
      parent_units: [(this.chain[mci - 1] as Served).unit.unit ?? ''],
      last_ball: last.ball,
      last_ball_unit: last.unit.unit ?? '',
      timestamp: T0 + mci,
      tps_fee: 0,
    };
  }

  private appendPayment(author: Key, outputs: { address: string; amount: number }[]): void {
    // Spend the author's genesis output (never a wallet coin): history checks no inputs.
    const genesis = this.chain[0] as Served;
    const genesisOutputs = [this.witness.address, this.funder.address].sort();
    outputs.sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : a.amount - b.amount,
    );
    const input = {
      unit: genesis.unit.unit ?? '',
      message_index: 0,
      output_index: genesisOutputs.indexOf(author.address),
    };
    this.append(this.build(author, { inputs: [input], outputs }, this.header()));
  }

  private build(
    author: Key,
    payload: Record<string, unknown>,
    header: Partial<Unit>,
    extra: readonly { app: string; payload: JsonValue }[] = [],
  ): Unit {
    const firstUse = !this.seenAuthors.has(author.address);
    this.seenAuthors.add(author.address);
    const unit: Unit = {
      version: VERSION,
      alt: ALT,
      authors: [
        {
          address: author.address,
          authentifiers: { r: '-'.repeat(88) },
          ...(firstUse ? { definition: author.definition } : {}),
        },
      ],
      messages: [
        { app: 'payment', payload_location: 'inline', payload_hash: '', payload: payload as never },
        ...extra.map(
          (m) =>
            ({
              app: m.app,
              payload_location: 'inline',
              payload_hash: '',
              payload: m.payload,
            }) as never,
        ),
      ],
      ...header,
    };
    for (const message of unit.messages)
      message.payload_hash = getMessagePayloadHash(message, VERSION);
    unit.headers_commission = getHeadersSize(unit);
    unit.payload_commission = getPayloadSize(unit);
    const first = unit.authors[0];
    if (first) first.authentifiers = { r: sign(getUnitHashToSign(unit), author.privateKey) };
    unit.unit = getUnitHash(unit);
    return unit;
  }

  private append(unit: Unit): void {
    const mci = this.chain.length;
    const previous = this.chain[mci - 1];
    const ball = getBallHash(unit.unit ?? '', previous ? [previous.ball] : []);
    this.chain.push({ unit, mci, ball, addresses: unitAddresses(unit) });
  }

  /**
   * A payment from the funder to `outputs`, after the scenario was built: on the main chain
   * with witness units above it (provable) or, `pending`, only in the hub's DAG (served as
   * unconfirmed: the kind of unit a hub can make up). Returns its hash.
   */
  pay(outputs: readonly { address: string; amount: number }[], pending = false): string {
    const total = outputs.reduce((sum, o) => sum + o.amount, 0);
    const all = [...outputs, { address: this.funder.address, amount: 1e13 - total }];
    if (!pending) {
      this.appendPayment(this.funder, all);
      const unit = this.chain.at(-1)?.unit.unit ?? '';
      for (let i = 0; i < WITNESS_UNITS; i++) {
        this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
      }
      return unit;
    }
    const genesis = this.chain[0] as Served;
    const input = {
      unit: genesis.unit.unit ?? '',
      message_index: 0,
      output_index: [this.witness.address, this.funder.address].sort().indexOf(this.funder.address),
    };
    all.sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : a.amount - b.amount,
    );
    const unit = this.build(this.funder, { inputs: [input], outputs: all }, this.header());
    this.accepted.set(unit.unit ?? '', unit);
    return unit.unit ?? '';
  }

  /**
   * A unit by the funder carrying `messages` (data, attestation…) beside a payment to itself, on
   * the main chain with witness units above it (provable through `requested_joints`). Returns
   * its hash; its author is `funder.address` (a registry or an attestor in tests).
   */
  publish(messages: readonly { app: string; payload: JsonValue }[]): string {
    const genesis = this.chain[0] as Served;
    const input = {
      unit: genesis.unit.unit ?? '',
      message_index: 0,
      output_index: [this.witness.address, this.funder.address].sort().indexOf(this.funder.address),
    };
    const outputs = [{ address: this.funder.address, amount: 1e13 }];
    this.append(this.build(this.funder, { inputs: [input], outputs }, this.header(), messages));
    const unit = this.chain.at(-1)?.unit.unit ?? '';
    for (let i = 0; i < WITNESS_UNITS; i++) {
      this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
    }
    return unit;
  }

  /**
   * A payment of `asset` from the funder to `outputs`, on the main chain with witness units above
   * it (provable); `denomination` makes it a fixed-denomination asset's payment. The asset's coins
   * come from an issue input (history checks no inputs). Returns its hash.
   */
  payAsset(
    asset: string,
    outputs: readonly { address: string; amount: number }[],
    denomination?: number,
  ): string {
    const sorted = [...outputs].sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : a.amount - b.amount,
    );
    const total = sorted.reduce((sum, o) => sum + o.amount, 0);
    const payload = {
      asset,
      ...(denomination === undefined ? {} : { denomination }),
      inputs: [{ type: 'issue', serial_number: 1, amount: total }],
      outputs: sorted,
    };
    this.append(this.build(this.funder, payload, this.header()));
    const unit = this.chain.at(-1)?.unit.unit ?? '';
    for (let i = 0; i < WITNESS_UNITS; i++) {
      this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
    }
    return unit;
  }

  /** Puts an accepted unit on the main chain, with witness units above it so it is provable. */
  confirm(unit: string): void {
    const found = this.accepted.get(unit);
    if (!found) throw new Error('not an accepted unit');
    this.append(found);
    for (let i = 0; i < WITNESS_UNITS; i++) {
      this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
    }
  }

  get lastStable(): { mci: number; served: Served } {
    const mci = this.chain.length - 1 - LAST_BALL_LAG;
    return { mci, served: this.chain[mci] as Served };
  }

  private servedJoint(served: Served, withBall: boolean): JsonObject {
    return {
      unit: { ...served.unit, main_chain_index: served.mci, actual_tps_fee: 0 } as never,
      ...(withBall ? { ball: served.ball } : {}),
    };
  }

  /** ocore light.prepareHistory over this DAG. */
  history(params: JsonObject): HubAnswer {
    const addresses = new Set(strings(params['addresses']));
    const requested = new Set(strings(params['requested_joints']));
    const known = new Set(strings(params['known_stable_units']));
    const top = this.chain.length - 1;
    const matching = this.chain.filter(
      (s) =>
        s.mci > 0 &&
        !known.has(s.unit.unit ?? '') &&
        (requested.has(s.unit.unit ?? '') || [...addresses].some((a) => s.addresses.has(a))),
    );
    const pending = [...this.accepted.values()].filter(
      (u) =>
        !this.chain.some((s) => s.unit.unit === u.unit) &&
        (requested.has(u.unit ?? '') || [...addresses].some((a) => unitAddresses(u).has(a))),
    );
    if (matching.length + pending.length > (this.options.maxUnits ?? 2000)) {
      return { error: 'your history is too large, consider switching to a full client' };
    }
    if (matching.length + pending.length === 0) return { response: {} };
    const unstable = Array.from({ length: WITNESS_UNITS }, (_, i) =>
      this.servedJoint(this.chain[top - i] as Served, false),
    );
    // The newest trusted last ball: the last ball of the newest witness unit.
    const lastBallMci = top - LAST_BALL_LAG;
    const joints = matching.sort((a, b) => b.mci - a.mci);
    const proofchain: JsonObject[] = [];
    const ballObject = (mci: number): JsonObject => {
      const s = this.chain[mci] as Served;
      const parent = this.chain[mci - 1];
      return {
        unit: s.unit.unit ?? '',
        ball: s.ball,
        ...(parent ? { parent_balls: [parent.ball] } : {}),
      };
    };
    let later = lastBallMci + 1;
    for (const s of joints) {
      if (s.mci > lastBallMci) continue;
      for (let m = later - 1; m >= s.mci; m--) proofchain.push(ballObject(m));
      later = s.mci;
    }
    const answer: JsonObject = {
      unstable_mc_joints: unstable,
      witness_change_and_definition_joints: [this.servedJoint(this.chain[0] as Served, true)],
      joints: [
        ...joints.map((s) => this.servedJoint(s, s.mci <= lastBallMci)),
        ...pending.map((u) => ({ unit: { ...u, main_chain_index: null } as never })),
      ],
    };
    if (proofchain.length > 0) answer['proofchain_balls'] = proofchain;
    return { response: answer };
  }

  readonly historyHandler: Handler = ({ params }) => {
    if (!isJsonObject(params)) return { error: 'no params' };
    this.historyRequests.push(params);
    return this.history(params);
  };

  readonly parentsHandler: Handler = ({ params }) => {
    if (!isJsonObject(params)) return { error: 'no params in get_parents_and_last_ball' };
    const top = this.chain[this.chain.length - 1] as Served;
    const { mci, served } = this.lastStable;
    return {
      response: {
        parent_units: [top.unit.unit ?? ''],
        last_stable_mc_ball: served.ball,
        last_stable_mc_ball_unit: served.unit.unit ?? '',
        last_stable_mc_ball_mci: mci,
        timestamp: Math.floor(Date.now() / 1000),
        tps_fee: this.options.tpsFee ?? 0,
        count_primary_aa_triggers: new Set(
          strings(params['output_addresses']).filter((a) => this.aas.has(a)),
        ).size,
      },
    };
  };

  /** Autonomous agents this hub knows: address → definition. */
  readonly aas = new Map<string, JsonValue>();
  /** Dry-run answers by script; null: answer as the devnet's echo AA. */
  dryRun: ((aa: string, trigger: JsonObject) => HubAnswer) | null = null;
  readonly dryRunRequests: JsonObject[] = [];

  /** Adds an AA (its address is its definition's chash) and returns its address. */
  addAa(definition: JsonValue): string {
    const address = getAddressFromDefinition(definition);
    this.aas.set(address, definition);
    return address;
  }

  readonly definitionHandler: Handler = ({ params }): HubAnswer => {
    const definition = typeof params === 'string' ? this.aas.get(params) : undefined;
    return definition === undefined ? {} : { response: definition };
  };

  /** ocore's dry run of the echo AA: bounces below 10000 bytes, else returns amount − 2000. */
  readonly dryRunHandler: Handler = ({ params }): HubAnswer => {
    if (!isJsonObject(params) || !isJsonObject(params['trigger'])) return { error: 'no trigger' };
    this.dryRunRequests.push(params);
    const aa = typeof params['address'] === 'string' ? params['address'] : '';
    if (!this.aas.has(aa)) return { error: 'not an AA' };
    const trigger = params['trigger'];
    if (this.dryRun !== null) return this.dryRun(aa, trigger);
    const outputs = isJsonObject(trigger['outputs']) ? trigger['outputs'] : {};
    const bytes = typeof outputs['base'] === 'number' ? outputs['base'] : 0;
    const data = isJsonObject(trigger['data']) ? trigger['data'] : {};
    const echo = data['echo'] ?? false;
    const base = {
      mci: this.lastStable.mci,
      trigger_address: trigger['address'] ?? '',
      aa_address: aa,
      trigger_unit: this.genesisUnit,
    };
    if (bytes < 10000) {
      return {
        response: [
          {
            ...base,
            bounced: true,
            response_unit: null,
            objResponseUnit: null,
            response: { error: 'received bytes are not enough to cover bounce fees' },
          },
        ],
      };
    }
    return {
      response: [
        {
          ...base,
          bounced: false,
          response_unit: this.genesisUnit,
          objResponseUnit: {
            messages: [
              {
                app: 'payment',
                payload: {
                  outputs: [
                    { address: aa, amount: 1300 },
                    { address: trigger['address'] ?? '', amount: bytes - 2000 },
                  ],
                },
              },
            ],
          },
          response: { responseVars: { echo } },
          updatedStateVars: { [aa]: { last_echo: { value: echo } } },
          balances: { base: 1300 },
        },
      ],
    };
  };

  /** Put accepted AA triggers on the main chain at once and respond as the echo AA. */
  respondToTriggers = false;
  /** Responses by trigger unit (ocore aa_responses rows). */
  readonly responses = new Map<string, JsonObject>();
  /** State variables by AA. */
  readonly stateVars = new Map<string, JsonObject>();

  /** The echo AA's response to an accepted trigger: on the main chain, then provable. */
  respond(trigger: string): void {
    const unit = this.accepted.get(trigger);
    if (!unit) throw new Error('not an accepted unit');
    this.confirm(trigger);
    const mci = this.chain.findIndex((s) => s.unit.unit === trigger);
    const triggerAddress = unit.authors[0]?.address ?? '';
    const data = unit.messages.find((m) => m.app === 'data')?.payload;
    const echo = isJsonObject(data as JsonValue) ? ((data as JsonObject)['echo'] ?? false) : false;
    unit.messages.forEach((message, messageIndex) => {
      if (message.app !== 'payment') return;
      const payload = message.payload as {
        asset?: string;
        outputs: { address?: string; amount: number }[];
      };
      if (payload.asset !== undefined) return;
      payload.outputs.forEach((output, outputIndex) => {
        const aa = output.address ?? '';
        if (!this.aas.has(aa)) return;
        const row: JsonObject = {
          mci,
          trigger_address: triggerAddress,
          aa_address: aa,
          trigger_unit: trigger,
          timestamp: unit.timestamp ?? T0,
        };
        if (output.amount < 10000) {
          this.responses.set(trigger, {
            ...row,
            bounced: 1,
            response_unit: null,
            response: { error: 'received bytes are not enough to cover bounce fees' },
          });
          return;
        }
        const outputs = [
          { address: aa, amount: 1300 },
          { address: triggerAddress, amount: output.amount - 2000 },
        ].sort((a, b) => (a.address < b.address ? -1 : 1));
        const response: Unit = {
          version: VERSION,
          alt: ALT,
          authors: [{ address: aa }],
          messages: [
            {
              app: 'payment',
              payload_location: 'inline',
              payload_hash: '',
              payload: {
                inputs: [{ unit: trigger, message_index: messageIndex, output_index: outputIndex }],
                outputs,
              } as never,
            },
          ],
          ...this.header(),
        };
        delete response.tps_fee;
        for (const m of response.messages) m.payload_hash = getMessagePayloadHash(m, VERSION);
        response.headers_commission = getHeadersSize(response);
        response.payload_commission = getPayloadSize(response);
        response.unit = getUnitHash(response);
        this.append(response);
        for (let i = 0; i < WITNESS_UNITS; i++) {
          this.appendPayment(this.witness, [{ address: this.witness.address, amount: 1e9 }]);
        }
        this.stateVars.set(aa, echo === false ? {} : { last_echo: echo });
        this.responses.set(trigger, {
          ...row,
          bounced: 0,
          response_unit: response.unit,
          response: { responseVars: { echo } },
          objResponseUnit: response as never,
        });
      });
    });
  }

  readonly responseChainHandler: Handler = ({ params }): HubAnswer => {
    const trigger = isJsonObject(params) ? params['trigger_unit'] : undefined;
    const row = typeof trigger === 'string' ? this.responses.get(trigger) : undefined;
    return row === undefined
      ? { error: 'no such trigger unit in light/get_aa_response_chain' }
      : { response: [row] };
  };

  readonly aaResponsesHandler: Handler = ({ params }): HubAnswer => {
    const aa = isJsonObject(params) ? params['aa'] : undefined;
    return {
      response: [...this.responses.values()].filter((r) => r['aa_address'] === aa).reverse(),
    };
  };

  /** As ocore reads them: names in [from, to + U+FFFF] in order, at most `limit`. */
  readonly stateVarsHandler: Handler = ({ params }): HubAnswer => {
    const p = isJsonObject(params) ? params : {};
    const text = (key: string): string => (typeof p[key] === 'string' ? p[key] : '');
    const aa = text('address');
    if (!this.aas.has(aa)) return { error: 'not an AA' };
    const from = 'var_prefix' in p ? text('var_prefix') : text('var_prefix_from');
    const to = `${'var_prefix' in p ? text('var_prefix') : text('var_prefix_to')}\uffff`;
    const limit = typeof p['limit'] === 'number' ? p['limit'] : 2000;
    const vars = this.stateVars.get(aa) ?? {};
    return {
      response: Object.fromEntries(
        Object.entries(vars)
          .filter(([k]) => k >= from && k <= to)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .slice(0, limit),
      ),
    };
  };

  /** An AA's balances as a test sets them (asset → amount), instead of the echo AA's count. */
  readonly aaBalances = new Map<string, Record<string, number>>();

  readonly aaBalancesHandler: Handler = ({ params }): HubAnswer => {
    const aa =
      isJsonObject(params) && typeof params['address'] === 'string' ? params['address'] : '';
    if (!this.aas.has(aa)) return { error: 'not an AA' };
    const set = this.aaBalances.get(aa);
    if (set !== undefined) return { response: { balances: set } };
    return { response: { balances: { base: 1300 * [...this.responses.values()].length } } };
  };

  readonly postHandler: Handler = ({ params, connection }) => {
    if (!isJsonObject(params) || !isJsonObject(params['unit'])) return { error: 'no unit' };
    const unit = params['unit'] as unknown as Unit;
    this.posted.push(unit);
    const mode = this.postMode;
    if (mode.kind === 'drop') {
      // The hub took the unit, then the connection died before the answer.
      if (!mode.lost) this.accepted.set(unit.unit ?? '', unit);
      this.postMode = { kind: 'accept' };
      connection.drop();
      return { never: true };
    }
    if (mode.kind === 'error') {
      if (mode.times !== undefined) {
        const left = mode.times - 1;
        this.postMode = left > 0 ? { ...mode, times: left } : { kind: 'accept' };
      }
      return { error: mode.error };
    }
    if (this.accepted.has(unit.unit ?? '')) return { error: 'known' };
    this.accepted.set(unit.unit ?? '', unit);
    if (this.respondToTriggers && [...unitAddresses(unit)].some((a) => this.aas.has(a))) {
      this.respond(unit.unit ?? '');
    }
    return { response: 'accepted' };
  };

  readonly getJointHandler: Handler = ({ params }): HubAnswer => {
    const unit = typeof params === 'string' ? params : '';
    const found = this.accepted.get(unit) ?? this.chain.find((s) => s.unit.unit === unit)?.unit;
    if (!found) return { response: { joint_not_found: unit } };
    return { response: { joint: { unit: found as never } } };
  };

  /**
   * `light/get_balances` like ocore: per address and asset, unspent outputs of units on the main
   * chain (stable) and of accepted units (pending).
   */
  readonly balancesHandler: Handler = ({ params }): HubAnswer => {
    const wanted = new Set(strings(params));
    const outputs = new Map<
      string,
      { address: string; asset: string; amount: number; stable: boolean }
    >();
    const spent = new Set<string>();
    const units = [
      ...this.chain.map((served) => ({ unit: served.unit, stable: true })),
      ...[...this.accepted.values()].map((unit) => ({ unit, stable: false })),
    ];
    for (const { unit, stable } of units) {
      unit.messages.forEach((message, messageIndex) => {
        if (message.app !== 'payment') return;
        const payload = message.payload as {
          asset?: string;
          inputs?: { unit?: string; message_index?: number; output_index?: number }[];
          outputs?: { address: string; amount: number }[];
        };
        for (const input of payload.inputs ?? []) {
          if (input.unit !== undefined) {
            spent.add(`${input.unit}:${input.message_index}:${input.output_index}`);
          }
        }
        (payload.outputs ?? []).forEach((output, outputIndex) => {
          outputs.set(`${unit.unit}:${messageIndex}:${outputIndex}`, {
            address: output.address,
            asset: payload.asset ?? 'base',
            amount: output.amount,
            stable,
          });
        });
      });
    }
    type Sums = { stable: number; pending: number; stableCount: number; pendingCount: number };
    const answer: Record<string, Record<string, Sums>> = {};
    for (const [key, output] of outputs) {
      if (spent.has(key) || !wanted.has(output.address)) continue;
      const byAsset = (answer[output.address] ??= {});
      const entry = (byAsset[output.asset] ??= {
        stable: 0,
        pending: 0,
        stableCount: 0,
        pendingCount: 0,
      });
      if (output.stable) {
        entry.stable += output.amount;
        entry.stableCount++;
      } else {
        entry.pending += output.amount;
        entry.pendingCount++;
      }
    }
    const response: JsonObject = {};
    for (const [address, byAsset] of Object.entries(answer)) {
      const assets: JsonObject = {};
      for (const [asset, sums] of Object.entries(byAsset)) {
        assets[asset] = {
          stable: sums.stable,
          pending: sums.pending,
          stable_outputs_count: sums.stableCount,
          pending_outputs_count: sums.pendingCount,
          total: sums.stable + sums.pending,
        };
      }
      response[address] = assets;
    }
    return { response };
  };

  install(hub: TestHub): void {
    hub.setHandler('get_witnesses', () => ({ response: [this.witness.address] }));
    hub.setHandler('light/get_balances', this.balancesHandler);
    hub.setHandler('light/get_history', this.historyHandler);
    hub.setHandler('light/get_parents_and_last_ball_and_witness_list_unit', this.parentsHandler);
    hub.setHandler('post_joint', this.postHandler);
    hub.setHandler('get_joint', this.getJointHandler);
    hub.setHandler('light/get_definition', this.definitionHandler);
    hub.setHandler('light/dry_run_aa', this.dryRunHandler);
    hub.setHandler('light/get_aa_response_chain', this.responseChainHandler);
    hub.setHandler('light/get_aa_responses', this.aaResponsesHandler);
    hub.setHandler('light/get_aa_state_vars', this.stateVarsHandler);
    hub.setHandler('light/get_aa_balances', this.aaBalancesHandler);
  }
}
