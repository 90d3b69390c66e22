/**
 * AA values as the page (and the command line) sees them: the AA part of a payment preview, the
 * data table, responses with their payments split into "to you", "to another AA" and others
 * (the AA's own change left out, as the official wallet does).
 */
import type {
  AaAmountView,
  AaPreviewView,
  AaResponseView,
  DataView,
  StateChangeView,
} from '../../../shared/ipc/aa-schemas';
import type { AssetAmounts } from '../../../shared/protocol/aa';
import { dataRows } from '../../../shared/protocol/aa-data';
import type { HashableObject, JsonValue } from '../../../shared/protocol/json';
import type { AaResponse, StateVarChange } from '../../../shared/protocol/light/aa';
import type { AaPaymentPreview } from '../services/payments/aa-preview';

/** What the wallet knows of an asset's name and decimals. */
export type AssetLabeler = (asset: string) => { name: string | null; decimals: number };

function json(value: JsonValue | undefined): string | null {
  if (value === undefined) return null;
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

export function amountsView(amounts: AssetAmounts, label: AssetLabeler): AaAmountView[] {
  return Object.entries(amounts).map(([asset, amount]) => ({
    asset,
    amount,
    assetName: label(asset).name,
    decimals: label(asset).decimals,
  }));
}

function stateChangeView(change: StateVarChange): StateChangeView {
  const delta = change.delta;
  if (delta !== undefined && delta !== 0 && change.value !== undefined) {
    return {
      aa: change.aa,
      name: change.name,
      action: delta > 0 ? 'increased' : 'decreased',
      value: json(Math.abs(delta)),
      oldValue: json(change.oldValue),
    };
  }
  return {
    aa: change.aa,
    name: change.name,
    action: change.value === undefined ? 'deleted' : 'set',
    value: json(change.value),
    oldValue: json(change.oldValue),
  };
}

/** One response; `you`: the trigger's author (this wallet's address). */
export function responseView(
  response: AaResponse,
  you: string,
  chainAas: ReadonlySet<string>,
  label: AssetLabeler,
): AaResponseView {
  return {
    aaAddress: response.aaAddress,
    bounced: response.bounced,
    error: response.error,
    info: response.info,
    payments: response.outputs
      .filter((o) => o.address !== response.aaAddress)
      .map((o) => ({
        address: o.address,
        asset: o.asset,
        amount: o.amount,
        assetName: label(o.asset).name,
        decimals: label(o.asset).decimals,
        toYou: o.address === you,
        toAa: chainAas.has(o.address),
      })),
    responseVars: Object.entries(response.responseVars).map(([name, value]) => ({
      name: name.slice(0, 1000),
      value: json(value) ?? '',
    })),
    stateChanges: response.stateChanges.map(stateChangeView),
    otherMessages: response.otherMessages.slice(0, 128),
    responseUnit: response.responseUnit,
  };
}

export function responsesView(
  responses: readonly AaResponse[],
  you: string,
  label: AssetLabeler,
): AaResponseView[] {
  const chain = new Set(responses.map((r) => r.aaAddress));
  return responses.map((r) => responseView(r, you, chain, label));
}

export function aaPreviewView(
  preview: AaPaymentPreview,
  you: string,
  label: AssetLabeler,
): AaPreviewView {
  return {
    address: preview.aa.address,
    baseAa: preview.aa.baseAa,
    docUrl: preview.aa.docUrl,
    received: amountsView(preview.received, label),
    bounceFees: amountsView(preview.bounceFees, label),
    missingBounceFees: amountsView(
      Object.fromEntries(preview.missingBounceFees.map((m) => [m.asset, m.missing_amount])),
      label,
    ),
    bounce:
      preview.bounce.kind === 'refund'
        ? { kind: 'refund', refunds: amountsView(preview.bounce.refunds, label) }
        : { kind: 'keeps_all' },
    maxAaResponses: preview.maxAaResponses,
    tpsFeeUnits: preview.tpsFeeUnits,
    bounceReason: preview.bounceReason,
    dryRun: { source: 'hub', responses: responsesView(preview.dryRun, you, label) },
  };
}

export function dataView(payload: HashableObject): DataView {
  return { rows: dataRows(payload), json: JSON.stringify(payload, null, 2) };
}
