/**
 * A hub serving the captured devnet history the way ocore's light.prepareHistory does: the
 * recorded `light/get_history` answer (4 joints of GRFM… and 5HQY…, with proof) filtered to the
 * units touching the requested addresses or requested joints, minus `known_stable_units`; `{}`
 * when nothing is left. Units can be hidden (not yet happened) and released later, answers can
 * be tampered with, and a cap makes the hub answer "your history is too large".
 */
import type { JsonObject, JsonValue } from '../../../shared/protocol/json';
import { isJsonObject } from '../../../shared/protocol/json';
import { clone, findExchanges } from '../fixtures';
import type { Handler, HubAnswer, TestHub } from './test-hub';

export const DEVNET_WITNESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';
export const DEVNET_GENESIS = 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=';
/** Two funded addresses of the capture: 111000000 and 18999196 bytes, all proven. */
export const FUNDED = ['5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV', 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX'];
/** The newest unit of the capture (GRFM… pays 5HQY… 1000000 bytes, MCI 16). */
export const NEWEST_UNIT = '0o+AE1lsvvSXrO/czymVEO4dZjJk6oFp844LMPKtbyg=';

export interface DevnetHistoryOptions {
  /** Units not served yet; `release()` serves them. */
  hidden?: string[];
  /** More addresses than this in one request → "your history is too large". */
  maxAddresses?: number;
  /** These addresses alone are too large. */
  tooLarge?: string[];
  /** Change each answer before sending (a lying hub). */
  tamper?: ((answer: JsonObject) => void) | null;
  /** Do not answer `light/get_history` at all. */
  silent?: boolean;
}

interface Joint {
  unit: { unit: string; authors: { address: string }[]; messages?: JsonValue[] };
}

function recordedFullAnswer(): JsonObject {
  const exchange = findExchanges('light/get_history').find(
    (e) =>
      isJsonObject(e.response) &&
      Array.isArray(e.response['joints']) &&
      e.response['joints'].length === 4,
  );
  if (!exchange || !isJsonObject(exchange.response)) throw new Error('no recorded full history');
  return exchange.response;
}

function recordedBalances(): JsonObject {
  const exchange = findExchanges('light/get_balances')[0];
  if (!exchange || !isJsonObject(exchange.response)) throw new Error('no recorded balances');
  return exchange.response;
}

function touches(joint: Joint, addresses: Set<string>): boolean {
  if (joint.unit.authors.some((author) => addresses.has(author.address))) return true;
  return (
    JSON.stringify(joint.unit.messages ?? [])
      .match(/"address":"([A-Z2-7]{32})"/g)
      ?.some((m) => addresses.has(m.slice(11, 43))) ?? false
  );
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export class DevnetHistory {
  readonly options: DevnetHistoryOptions;
  readonly requests: JsonObject[] = [];
  private readonly full = recordedFullAnswer();
  private readonly balances = recordedBalances();

  constructor(options: DevnetHistoryOptions = {}) {
    this.options = { hidden: [], ...options };
  }

  release(): void {
    this.options.hidden = [];
  }

  /** Install the handlers on a test hub. */
  install(hub: TestHub): void {
    hub.setHandler('get_witnesses', () => ({ response: [DEVNET_WITNESS] }));
    hub.setHandler('light/get_history', this.historyHandler);
    hub.setHandler('light/get_balances', this.balancesHandler);
  }

  readonly historyHandler: Handler = ({ params }): HubAnswer => {
    if (!isJsonObject(params)) return { error: 'no params' };
    this.requests.push(params);
    if (this.options.silent) return { never: true };
    const addresses = strings(params['addresses']);
    const requested = new Set(strings(params['requested_joints']));
    const known = new Set(strings(params['known_stable_units']));
    if (this.options.maxAddresses !== undefined && addresses.length > this.options.maxAddresses) {
      return { error: 'your history is too large, consider switching to a full client' };
    }
    if (addresses.some((a) => this.options.tooLarge?.includes(a))) {
      return { error: 'your history is too large, consider switching to a full client' };
    }
    const wanted = new Set(addresses);
    const answer = clone(this.full);
    const joints = (answer['joints'] as unknown as Joint[]).filter(
      (joint) =>
        !this.options.hidden?.includes(joint.unit.unit) &&
        !known.has(joint.unit.unit) &&
        (requested.has(joint.unit.unit) || touches(joint, wanted)),
    );
    if (joints.length === 0) return { response: {} };
    answer['joints'] = joints as unknown as JsonValue;
    this.options.tamper?.(answer);
    return { response: answer };
  };

  readonly balancesHandler: Handler = ({ params }): HubAnswer => {
    const out: JsonObject = {};
    const hiding = (this.options.hidden?.length ?? 0) > 0;
    for (const address of strings(params)) {
      const entry = this.balances[address];
      if (entry === undefined) continue;
      if (!hiding) out[address] = entry;
      else if (address === FUNDED[0]) {
        out[address] = {
          base: {
            stable: 110000000,
            pending: 0,
            stable_outputs_count: 2,
            pending_outputs_count: 0,
            total: 110000000,
          },
        };
      } else {
        out[address] = {
          base: {
            stable: 20000000,
            pending: 0,
            stable_outputs_count: 1,
            pending_outputs_count: 0,
            total: 20000000,
          },
        };
      }
    }
    return { response: out };
  };
}
