/**
 * The light requests a wallet makes about autonomous agents (light-client.md §2.5, §2.7, §2.8,
 * §2.10; shapes as the reference hub answered on the devnet, devnet README "JSON shapes"):
 * `light/get_definition`, `light/dry_run_aa`, `light/get_aa_response_chain`,
 * `light/get_aa_responses`, `light/get_aa_state_vars`, `light/get_aa_balances`,
 * `light/get_attestations`, and the `light/new_aa_to_watch` justsaying with its
 * `light/aa_response` push.
 *
 * Each builder checks its params as ocore's network.js does (a refused param is a bug of ours);
 * each parser takes the hub's untrusted answer and returns typed values or throws
 * ProtocolError('aa') naming what is wrong. None of these answers is proven: the AA response
 * rows, dry runs, state variables and balances are the hub's word, and whoever shows them says
 * so. Lists are bounded, so an endless or enormous answer is refused, never followed.
 */
import { z } from 'zod';
import { isValidAsset } from '../amount';
import { isBase64 } from '../bytes';
import { isValidAddress } from '../chash';
import { fail, ProtocolError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import type { AssetAmounts, DryRunTrigger } from '../aa';
import type { HubRequester } from './requests';

/** Anything that sends a request to the hub (the HubClient, or a fake). */
export type AaRequester = HubRequester;

/** ocore: get_aa_responses answers at most 100 rows; limit of get_aa_state_vars. */
export const MAX_AA_RESPONSE_ROWS = 100;
export const MAX_STATE_VARS_LIMIT = 2000;
/** Our bound on a response chain (ocore bounces beyond 10 responses per primary trigger). */
export const MAX_RESPONSE_CHAIN = 50;
/** Our bound on outputs read from one response unit. */
const MAX_OUTPUTS = 128 * 16;

function badParams(command: string, problem: string): never {
  return fail('aa', `Bad ${command} request (a bug of this wallet): ${problem}.`);
}

/**
 * A hub's answer about AAs this wallet cannot read. As HubMalformedResponseError, the message is
 * for a person: it names the request, not what exactly was wrong (a field path such as
 * `0.aa_address: expected an address` says nothing to them); that stays in `problem`, which the
 * log writes beside the message. These requests only ask, so nothing was changed.
 */
export class UnreadableAaAnswerError extends ProtocolError {
  readonly command: string;
  /** What exactly was wrong (a field path and what was expected), for the log. */
  readonly problem: string;

  constructor(command: string, problem: string) {
    super(
      'aa',
      `The hub sent an answer this wallet cannot read (${command}). Nothing was changed.`,
    );
    this.name = 'UnreadableAaAnswerError';
    this.command = command;
    this.problem = problem;
  }
}

function malformed(command: string, problem: string): never {
  throw new UnreadableAaAnswerError(command, problem);
}

// ---- building blocks ----

const hash = z.string().refine((v) => isBase64(v, 32), 'expected a 44-character hash');
const address = z.string().refine((v) => isValidAddress(v), 'expected an address');
const count = z.number().int().nonnegative().refine(Number.isSafeInteger, 'expected an integer');
const jsonValue = z.custom<JsonValue>((v) => v !== undefined, 'expected a value');
const amounts = z
  .record(z.string(), count)
  .refine((r) => Object.keys(r).every((a) => isValidAsset(a)), 'expected asset → amount');

function parseWith<T>(command: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'answer';
    return malformed(command, `${where}: ${issue?.message ?? 'unexpected shape'}`.slice(0, 200));
  }
  return result.data;
}

// ---- light/get_definition (§2.5) ----

/** The definition array, or null when the hub knows none (the answer has no `response`). */
export async function getDefinition(hub: AaRequester, addr: string): Promise<JsonValue | null> {
  const command = 'light/get_definition';
  if (!isValidAddress(addr)) badParams(command, 'address is not valid');
  const answer = await hub.request(command, addr);
  if (answer === undefined || answer === null) return null;
  if (!Array.isArray(answer)) malformed(command, 'a definition is a list');
  return answer;
}

// ---- AA responses (rows of ocore's aa_responses, dry runs, pushes) ----

export interface AaOutput {
  readonly address: string;
  readonly amount: number;
  /** "base" for bytes. */
  readonly asset: string;
}

export interface StateVarChange {
  readonly aa: string;
  readonly name: string;
  /** Absent: the variable is deleted. */
  readonly value?: JsonValue;
  readonly oldValue?: JsonValue;
  readonly delta?: number;
}

export interface AaResponse {
  /** The trigger's MCI (the last stable MCI for a dry run). */
  readonly mci: number | null;
  readonly triggerAddress: string;
  readonly aaAddress: string;
  readonly triggerUnit: string;
  readonly bounced: boolean;
  readonly responseUnit: string | null;
  /** responseVars as the AA set them. */
  readonly responseVars: Readonly<Record<string, JsonValue>>;
  /** The bounce error (text, or the AA's error object as JSON). */
  readonly error: string | null;
  readonly info: string | null;
  /** Seconds. */
  readonly timestamp: number | null;
  /** What the response unit pays, every output (the AA's own change included). */
  readonly outputs: readonly AaOutput[];
  /** Apps of the response unit's other messages (data, data_feed, text, …). */
  readonly otherMessages: readonly string[];
  /** Dry runs and pushes only. */
  readonly stateChanges: readonly StateVarChange[];
  /** Dry runs only: the AA's balances after the would-be response. */
  readonly balancesAfter: AssetAmounts | null;
}

const responseSchema = z
  .object({
    responseVars: z.record(z.string(), jsonValue).optional(),
    error: jsonValue.optional(),
    info: jsonValue.optional(),
  })
  .passthrough();

const paymentOutput = z.object({ address, amount: count.refine((v) => v > 0) }).passthrough();
const messageSchema = z
  .object({ app: z.string().max(50), payload: jsonValue.optional() })
  .passthrough();

const rowSchema = z
  .object({
    mci: count.nullable().optional(),
    trigger_address: address,
    aa_address: address,
    trigger_unit: hash,
    bounced: z.union([z.boolean(), z.literal(0), z.literal(1)]),
    response_unit: hash.nullable().optional(),
    response: z.union([z.string().max(100_000), responseSchema]),
    timestamp: count.nullable().optional(),
    objResponseUnit: z
      .object({ messages: z.array(messageSchema).max(128), unit: hash.optional() })
      .passthrough()
      .nullable()
      .optional(),
    updatedStateVars: z
      .record(
        z.string(),
        z.record(
          z.string(),
          z
            .object({
              value: jsonValue.optional(),
              old_value: jsonValue.optional(),
              delta: z.number().optional(),
            })
            .passthrough(),
        ),
      )
      .optional(),
    balances: amounts.optional(),
  })
  .passthrough();

type Row = z.infer<typeof rowSchema>;

function textOf(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 2000);
}

function toResponse(command: string, row: Row): AaResponse {
  let body: z.infer<typeof responseSchema>;
  if (typeof row.response === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.response);
    } catch {
      return malformed(command, 'a response is not JSON');
    }
    body = parseWith(command, responseSchema, parsed);
  } else body = row.response;
  const outputs: AaOutput[] = [];
  const otherMessages: string[] = [];
  for (const message of row.objResponseUnit?.messages ?? []) {
    if (message.app !== 'payment') {
      otherMessages.push(message.app);
      continue;
    }
    const payload = message.payload;
    if (!isJsonObject(payload)) malformed(command, 'a response payment has no payload');
    const asset = payload['asset'] ?? 'base';
    if (typeof asset !== 'string' || !isValidAsset(asset)) malformed(command, 'bad asset');
    const list = parseWith(command, z.array(paymentOutput).max(128), payload['outputs']);
    for (const o of list) outputs.push({ address: o.address, amount: o.amount, asset });
    if (outputs.length > MAX_OUTPUTS) malformed(command, 'too many outputs');
  }
  const stateChanges: StateVarChange[] = [];
  for (const [aa, vars] of Object.entries(row.updatedStateVars ?? {})) {
    if (!isValidAddress(aa)) malformed(command, 'state changes of an invalid address');
    for (const [name, change] of Object.entries(vars)) {
      stateChanges.push({
        aa,
        name,
        ...(change.value !== undefined ? { value: change.value } : {}),
        ...(change.old_value !== undefined ? { oldValue: change.old_value } : {}),
        ...(change.delta !== undefined ? { delta: change.delta } : {}),
      });
    }
  }
  return {
    mci: row.mci ?? null,
    triggerAddress: row.trigger_address,
    aaAddress: row.aa_address,
    triggerUnit: row.trigger_unit,
    bounced: row.bounced === true || row.bounced === 1,
    responseUnit: row.response_unit ?? null,
    responseVars: body.responseVars ?? {},
    error: textOf(body.error),
    info: textOf(body.info),
    timestamp: row.timestamp ?? null,
    outputs,
    otherMessages,
    stateChanges,
    balancesAfter: row.balances ?? null,
  };
}

function parseRows(command: string, value: unknown, max: number): AaResponse[] {
  if (!Array.isArray(value)) malformed(command, 'expected a list of responses');
  if (value.length > max) malformed(command, `more than ${max} responses`);
  return value.map((row) => toResponse(command, parseWith(command, rowSchema, row)));
}

/** `light/dry_run_aa`: what the AA (and the AAs it triggers) would do; primary response first. */
export async function dryRunAa(
  hub: AaRequester,
  aa: string,
  trigger: DryRunTrigger,
  options?: { readonly timeoutMs?: number },
): Promise<AaResponse[]> {
  const command = 'light/dry_run_aa';
  if (!isValidAddress(aa)) badParams(command, 'address is not valid');
  if (!isValidAddress(trigger.address)) badParams(command, 'trigger address is not valid');
  if (!Object.entries(trigger.outputs).every(([a, v]) => isValidAsset(a) && v >= 0)) {
    badParams(command, 'trigger outputs are not asset → amount');
  }
  const params: JsonObject = {
    address: aa,
    trigger: {
      address: trigger.address,
      outputs: { ...trigger.outputs },
      // Hashable data is JSON (without null).
      ...(trigger.data ? { data: trigger.data as unknown as JsonObject } : {}),
      ...(trigger.max_aa_responses !== undefined
        ? { max_aa_responses: trigger.max_aa_responses }
        : {}),
    },
  };
  const answer = await hub.request(command, params, options);
  const rows = parseRows(command, answer, MAX_RESPONSE_CHAIN);
  if (rows.length === 0) malformed(command, 'no response at all');
  if (rows[0]?.aaAddress !== aa) malformed(command, 'the first response is not of the AA');
  return rows;
}

/**
 * `light/get_aa_response_chain`: the responses a trigger caused, the primary one first (`[]`
 * until the trigger is stable). Bounded: a longer chain is refused.
 */
export async function getAaResponseChain(
  hub: AaRequester,
  triggerUnit: string,
): Promise<AaResponse[]> {
  const command = 'light/get_aa_response_chain';
  if (!isBase64(triggerUnit, 32)) badParams(command, 'trigger_unit is not a hash');
  const rows = parseRows(
    command,
    await hub.request(command, { trigger_unit: triggerUnit }),
    MAX_RESPONSE_CHAIN,
  );
  if (rows.length > 0 && rows[0]?.triggerUnit !== triggerUnit) {
    malformed(command, 'the chain does not start at the trigger');
  }
  return rows;
}

export interface AaResponsesQuery {
  readonly aa?: string;
  readonly aas?: readonly string[];
  readonly minMci?: number;
  readonly maxMci?: number;
  readonly order?: 'ASC' | 'DESC';
}

/** `light/get_aa_responses`: at most 100 rows by MCI (page with min/max MCI). */
export async function getAaResponses(
  hub: AaRequester,
  query: AaResponsesQuery,
): Promise<AaResponse[]> {
  const command = 'light/get_aa_responses';
  const params: JsonObject = {};
  if (query.aa !== undefined) {
    if (!isValidAddress(query.aa)) badParams(command, 'aa is not valid');
    params['aa'] = query.aa;
  } else {
    const aas = query.aas ?? [];
    if (aas.length === 0 || aas.length > 20 || !aas.every((a) => isValidAddress(a))) {
      badParams(command, 'aas must be 1 to 20 addresses');
    }
    params['aas'] = [...aas];
  }
  if (query.minMci !== undefined) params['min_mci'] = query.minMci;
  if (query.maxMci !== undefined) params['max_mci'] = query.maxMci;
  if (query.order !== undefined) params['order'] = query.order;
  return parseRows(command, await hub.request(command, params), MAX_AA_RESPONSE_ROWS);
}

/** The `light/new_aa_to_watch` justsaying body: pushes about `aa` (only those of `address`). */
export function newAaToWatchBody(aa: string, addr?: string): JsonObject {
  if (!isValidAddress(aa)) badParams('light/new_aa_to_watch', 'aa is not valid');
  if (addr !== undefined && !isValidAddress(addr)) {
    badParams('light/new_aa_to_watch', 'address is not valid');
  }
  return addr === undefined ? { aa } : { aa, address: addr };
}

/** A `light/aa_response` push body (the dry-run shape for a real response). */
export function parseAaResponsePush(body: JsonValue | undefined): AaResponse {
  return toResponse('light/aa_response', parseWith('light/aa_response', rowSchema, body));
}

// ---- state and balances ----

export interface StateVarsQuery {
  readonly address: string;
  readonly prefix?: string;
  readonly prefixFrom?: string;
  readonly prefixTo?: string;
  readonly limit?: number;
}

/** `light/get_aa_state_vars`: variable → value (the hub's word). */
export async function getAaStateVars(
  hub: AaRequester,
  query: StateVarsQuery,
): Promise<Record<string, JsonValue>> {
  const command = 'light/get_aa_state_vars';
  if (!isValidAddress(query.address)) badParams(command, 'address is not valid');
  const params: JsonObject = { address: query.address };
  if (query.prefix !== undefined) {
    if (query.prefixFrom !== undefined || query.prefixTo !== undefined) {
      badParams(command, 'var_prefix cannot be used with var_prefix_from or var_prefix_to');
    }
    params['var_prefix'] = query.prefix;
  }
  if (query.prefixFrom !== undefined) params['var_prefix_from'] = query.prefixFrom;
  if (query.prefixTo !== undefined) params['var_prefix_to'] = query.prefixTo;
  if (query.limit !== undefined) {
    if (
      !Number.isSafeInteger(query.limit) ||
      query.limit < 1 ||
      query.limit > MAX_STATE_VARS_LIMIT
    ) {
      badParams(command, `limit must be 1 to ${MAX_STATE_VARS_LIMIT}`);
    }
    params['limit'] = query.limit;
  }
  const answer = await hub.request(command, params);
  const vars = parseWith(command, z.record(z.string().max(1000), jsonValue), answer);
  if (Object.keys(vars).length > MAX_STATE_VARS_LIMIT) malformed(command, 'too many variables');
  return vars;
}

/** `light/get_aa_balances`: asset → amount the AA holds (the hub's word). */
export async function getAaBalances(hub: AaRequester, aa: string): Promise<AssetAmounts> {
  const command = 'light/get_aa_balances';
  if (!isValidAddress(aa)) badParams(command, 'address is not valid');
  const answer = await hub.request(command, { address: aa });
  return parseWith(command, z.object({ balances: amounts }).passthrough(), answer).balances;
}

// ---- attestations (§2.7) ----

export interface AttestationRow {
  readonly unit: string;
  readonly attestorAddress: string;
  /** Field → value as the attestor published it (public attestations only). */
  readonly profile: Readonly<Record<string, string>>;
}

/** `light/get_attestations`: the attestations of an address (the hub's word). */
export async function getAttestations(hub: AaRequester, addr: string): Promise<AttestationRow[]> {
  const command = 'light/get_attestations';
  if (!isValidAddress(addr)) badParams(command, 'address is not valid');
  const rows = parseWith(
    command,
    z
      .array(
        z
          .object({
            unit: hash,
            attestor_address: address,
            profile: z.record(z.string(), jsonValue),
          })
          .passthrough(),
      )
      .max(1000),
    await hub.request(command, { address: addr }),
  );
  return rows.map((row) => ({
    unit: row.unit,
    attestorAddress: row.attestor_address,
    profile: Object.fromEntries(
      Object.entries(row.profile).map(([k, v]) => [
        k.slice(0, 100),
        (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 500),
      ]),
    ),
  }));
}
