/**
 * Autonomous agents through the hub (issue 15): which addresses are AAs (definitions cached per
 * network, checked against their addresses), dry runs with a deadline, state variables,
 * balances, recent responses, attestations, and following a trigger until its response.
 *
 * Trust: every definition is checked against the address's chash before use (a hub that lies
 * about one is caught and named). Dry runs, responses, state and balances are the hub's word:
 * the callers show them as such. Failures become an `AaError` with the facts (ipc/aa-sentences.ts
 * words them for the person at the keyboard); nothing here signs or spends.
 */
import {
  classifyAddress,
  withBaseDefinition,
  type AaInfo,
  type AddressKind,
  type DryRunTrigger,
} from '../../../../shared/protocol/aa';
import { ProtocolError } from '../../../../shared/protocol/errors';
import type { JsonValue } from '../../../../shared/protocol/json';
import {
  dryRunAa,
  getAaBalances,
  getAaResponseChain,
  getAaResponses,
  getAaStateVars,
  getAttestations,
  getDefinition,
  newAaToWatchBody,
  parseAaResponsePush,
  UnreadableAaAnswerError,
  type AaRequester,
  type AaResponse,
  type AttestationRow,
  type StateVarsQuery,
} from '../../../../shared/protocol/light/aa';
import type { Clock } from '../clock';
import { type HubClientEvents } from '../hub/index';
import type { Logger } from '../logger';
import {
  HubError,
  HubRequestError,
  HubTimeoutError,
} from '../../../../shared/protocol/light/index';

/** How long a dry run may take before the preview gives up (ocore's own default is 300 s). */
export const DRY_RUN_TIMEOUT_MS = 20_000;
/** How long to follow a trigger before giving up (it runs once the trigger is stable). */
export const FOLLOW_TIMEOUT_MS = 180_000;
const FOLLOW_POLL_MS = 2_000;
/** An address the hub knows no definition for may become an AA: ask again after this long. */
const UNKNOWN_TTL_MS = 60_000;

export type AaErrorCode = 'lying_hub' | 'timeout' | 'not_aa' | 'hub' | 'malformed';

/** What the hub was asked when it failed. */
export type AaQuestion =
  | { readonly asked: 'kind'; readonly address: string }
  | { readonly asked: 'definition'; readonly address: string }
  | {
      readonly asked:
        'dry-run' | 'state-vars' | 'balances' | 'responses' | 'attestations' | 'trigger-responses';
    };

/**
 * What an AA refusal is about, as facts (ipc/aa-sentences.ts words them). `problem` is the words
 * of the protocol's or the hub's error underneath.
 */
export type AaErrorFacts =
  /** The hub's answer contradicts itself (a definition that is not the address's). */
  | { readonly kind: 'lying-hub'; readonly problem: string }
  | { readonly kind: 'malformed'; readonly problem: string }
  | { readonly kind: 'timeout'; readonly question: AaQuestion }
  | { readonly kind: 'dry-run-timeout'; readonly aa: string; readonly seconds: number }
  | { readonly kind: 'not-an-aa' }
  | { readonly kind: 'several-aas'; readonly addresses: readonly string[] }
  | { readonly kind: 'hub-refused'; readonly question: AaQuestion; readonly hubMessage: string }
  | { readonly kind: 'hub-failed'; readonly question: AaQuestion; readonly problem: string };

export type AaErrorKind = AaErrorFacts['kind'];

const AA_CODES: { readonly [K in AaErrorKind]: AaErrorCode } = {
  'lying-hub': 'lying_hub',
  malformed: 'malformed',
  timeout: 'timeout',
  'dry-run-timeout': 'timeout',
  'not-an-aa': 'not_aa',
  'several-aas': 'not_aa',
  'hub-refused': 'hub',
  'hub-failed': 'hub',
};

export class AaError extends Error {
  readonly code: AaErrorCode;
  readonly facts: AaErrorFacts;
  constructor(facts: AaErrorFacts, options?: { cause?: unknown }) {
    const { kind, ...rest } = facts;
    super(`aa refused: ${kind} ${JSON.stringify(rest)}`, options);
    this.name = 'AaError';
    this.facts = facts;
    this.code = AA_CODES[kind];
  }
}

/** What the service needs of the hub client. */
export interface AaHub extends AaRequester {
  justsay(subject: string, body?: JsonValue): boolean;
  on(event: 'push', listener: (value: HubClientEvents['push']) => void): () => void;
}

export interface AaServiceOptions {
  readonly hub: AaHub;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly dryRunTimeoutMs?: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AaService {
  private readonly hub: AaHub;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly dryRunTimeoutMs: number;
  /** Address → what it is; AA and plain definitions never change, unknown ones may. */
  private readonly kinds = new Map<string, { kind: AddressKind; at: number }>();

  constructor(options: AaServiceOptions) {
    this.hub = options.hub;
    this.logger = options.logger.child('aa');
    this.clock = options.clock;
    this.dryRunTimeoutMs = options.dryRunTimeoutMs ?? DRY_RUN_TIMEOUT_MS;
  }

  /** Turns a failure of the pure parsers or of the hub into an AaError. */
  private fail(question: AaQuestion, error: unknown): never {
    if (error instanceof AaError) throw error;
    // The person reads which answer it was; what exactly was wrong goes to the log.
    if (error instanceof UnreadableAaAnswerError) {
      this.logger.warn('unreadable hub answer', { error });
    }
    if (error instanceof ProtocolError) {
      const lying = /lying|belongs to|cannot be hashed|base AA/.test(error.message);
      throw new AaError(
        { kind: lying ? 'lying-hub' : 'malformed', problem: error.message },
        {
          cause: error,
        },
      );
    }
    if (error instanceof HubTimeoutError) {
      throw new AaError({ kind: 'timeout', question }, { cause: error });
    }
    if (error instanceof HubRequestError) {
      if (error.hubMessage === 'not an AA') {
        throw new AaError({ kind: 'not-an-aa' }, { cause: error });
      }
      throw new AaError(
        { kind: 'hub-refused', question, hubMessage: error.hubMessage },
        { cause: error },
      );
    }
    if (error instanceof HubError) {
      throw new AaError(
        { kind: 'hub-failed', question, problem: describe(error) },
        { cause: error },
      );
    }
    throw error;
  }

  private async definitionOf(address: string): Promise<JsonValue | null> {
    try {
      return await getDefinition(this.hub, address);
    } catch (error) {
      return this.fail({ asked: 'kind', address }, error);
    }
  }

  /**
   * Whether `address` is an AA (with the bounce fees in force), an ordinary address, or one the
   * hub knows no definition for. Cached: definitions never change.
   */
  async kindOf(address: string): Promise<AddressKind> {
    const cached = this.kinds.get(address);
    const now = this.clock.now();
    if (cached && (cached.kind.kind !== 'unknown' || now - cached.at < UNKNOWN_TTL_MS)) {
      return cached.kind;
    }
    const served = await this.definitionOf(address);
    let kind: AddressKind;
    try {
      kind = classifyAddress(address, served);
      if (kind.kind === 'aa' && kind.aa.baseAa !== null) {
        const base = await this.definitionOf(kind.aa.baseAa);
        kind = { kind: 'aa', aa: withBaseDefinition(kind.aa, base) };
      }
    } catch (error) {
      this.logger.warn('the hub served a definition that is not the address’s', { address });
      return this.fail({ asked: 'definition', address }, error);
    }
    this.kinds.set(address, { kind, at: now });
    return kind;
  }

  /**
   * The one AA among `addresses`, or null. More than one is refused: the network takes at most
   * one primary AA trigger per unit.
   */
  async aaAmong(addresses: readonly string[]): Promise<AaInfo | null> {
    const found: AaInfo[] = [];
    for (const address of new Set(addresses)) {
      const kind = await this.kindOf(address);
      if (kind.kind === 'aa') found.push(kind.aa);
    }
    if (found.length > 1) {
      throw new AaError({ kind: 'several-aas', addresses: found.map((a) => a.address) });
    }
    return found[0] ?? null;
  }

  /** What the AA would do with `trigger`, by the hub's dry run, within the deadline. */
  async dryRun(aa: string, trigger: DryRunTrigger): Promise<AaResponse[]> {
    try {
      return await dryRunAa(this.hub, aa, trigger, { timeoutMs: this.dryRunTimeoutMs });
    } catch (error) {
      if (error instanceof HubTimeoutError) {
        throw new AaError(
          { kind: 'dry-run-timeout', aa, seconds: Math.round(this.dryRunTimeoutMs / 1000) },
          { cause: error },
        );
      }
      return this.fail({ asked: 'dry-run' }, error);
    }
  }

  async stateVars(query: StateVarsQuery): Promise<Record<string, JsonValue>> {
    try {
      return await getAaStateVars(this.hub, query);
    } catch (error) {
      return this.fail({ asked: 'state-vars' }, error);
    }
  }

  async balances(aa: string): Promise<Readonly<Record<string, number>>> {
    try {
      return await getAaBalances(this.hub, aa);
    } catch (error) {
      return this.fail({ asked: 'balances' }, error);
    }
  }

  async responses(aa: string, maxMci?: number): Promise<AaResponse[]> {
    try {
      return await getAaResponses(this.hub, {
        aa,
        ...(maxMci === undefined ? {} : { maxMci }),
        order: 'DESC',
      });
    } catch (error) {
      return this.fail({ asked: 'responses' }, error);
    }
  }

  async attestations(address: string): Promise<AttestationRow[]> {
    try {
      return await getAttestations(this.hub, address);
    } catch (error) {
      return this.fail({ asked: 'attestations' }, error);
    }
  }

  /** The responses a trigger caused; null while the trigger is not stable yet. */
  async responseChain(triggerUnit: string): Promise<AaResponse[] | null> {
    try {
      const rows = await getAaResponseChain(this.hub, triggerUnit);
      return rows.length === 0 ? null : rows;
    } catch (error) {
      if (error instanceof HubRequestError && /^no such trigger unit/.test(error.hubMessage)) {
        return null;
      }
      return this.fail({ asked: 'trigger-responses' }, error);
    }
  }

  /**
   * Ask the hub to push the responses of `aa` that concern `address` (`light/new_aa_to_watch`;
   * watches end with the connection) and call `onResponse` for each parsed push.
   */
  watch(aa: string, address: string, onResponse: (response: AaResponse) => void): () => void {
    const body = newAaToWatchBody(aa, address);
    const stop = this.hub.on('push', (push) => {
      if (push.subject !== 'light/aa_response') return;
      try {
        const response = parseAaResponsePush(push.body);
        if (response.aaAddress === aa) onResponse(response);
      } catch (error) {
        this.logger.warn('ignored a malformed light/aa_response push', {
          problem: error instanceof UnreadableAaAnswerError ? error.problem : describe(error),
        });
      }
    });
    this.hub.justsay('light/new_aa_to_watch', body);
    return stop;
  }

  /**
   * Follow a trigger until the hub has its responses (they exist once the trigger is stable, and
   * are final then): `light/new_aa_to_watch` pushes, and `light/get_aa_response_chain` every few
   * seconds in case a push is missed. Resolves with the chain, or null after `timeoutMs`.
   */
  async followTrigger(
    triggerUnit: string,
    aa: string,
    address: string,
    options: { readonly timeoutMs?: number; readonly pollMs?: number } = {},
  ): Promise<AaResponse[] | null> {
    const timeoutMs = options.timeoutMs ?? FOLLOW_TIMEOUT_MS;
    const pollMs = options.pollMs ?? FOLLOW_POLL_MS;
    const started = this.clock.now();
    let pushed = false;
    let wake: (() => void) | null = null;
    const stop = this.watch(aa, address, (response) => {
      if (response.triggerUnit !== triggerUnit) return;
      pushed = true;
      wake?.();
    });
    try {
      for (;;) {
        try {
          const chain = await this.responseChain(triggerUnit);
          if (chain !== null) return chain;
        } catch (error) {
          // A refused or broken answer now may be fine next time; a lie is not.
          if (error instanceof AaError && error.code === 'lying_hub') throw error;
          this.logger.warn('could not read the responses to a trigger yet', {
            problem: describe(error),
          });
        }
        const left = timeoutMs - (this.clock.now() - started);
        if (left <= 0) return null;
        if (!pushed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(pollMs, left));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
        pushed = false;
      }
    } finally {
      stop();
    }
  }
}
