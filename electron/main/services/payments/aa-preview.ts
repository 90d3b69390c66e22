/**
 * What a payment to an autonomous agent will do, for its preview (issue 15): what the AA
 * receives per asset, its bounce fees and what a bounce would return, the TPS fee's unit count,
 * and the hub's dry run of the very trigger the composed unit makes (ocore getTrigger: the
 * unit's first author, the outputs to the AA, the first data message).
 *
 * The dry run is the hub's word, computed on the hub's current state; the AA may act differently
 * once the trigger is stable. A payment that would bounce — the amounts are below the bounce
 * fees, or the dry run bounced — is marked, and sending it needs a separate confirmation.
 */
import {
  bounceOutcome,
  buildDryRunTrigger,
  missingBounceFees,
  tpsFeeUnitCount,
  triggerOutputs,
  type AaInfo,
  type AssetAmounts,
  type BounceOutcome,
  type MissingBounceFee,
} from '../../../../shared/protocol/aa';
import { BASE_ASSET } from '../../../../shared/protocol/amount';
import type { HashableObject } from '../../../../shared/protocol/json';
import type { AaResponse } from '../../../../shared/protocol/light/aa';
import { isPaymentMessage, type Unit } from '../../../../shared/protocol/unit-types';
import type { AaService } from '../aa/index';

export interface AaPaymentPreview {
  readonly aa: AaInfo;
  /** What the AA receives, per asset ("base" first). */
  readonly received: AssetAmounts;
  /** Bounce fees in force ("base" always present). */
  readonly bounceFees: AssetAmounts;
  /** Assets the AA requires a bounce fee in and receives less of (ocore checkAAOutputs). */
  readonly missingBounceFees: readonly MissingBounceFee[];
  /** What a bounce would send back. */
  readonly bounce: BounceOutcome;
  /** The unit pays its TPS fee for this many units: itself and up to this many responses. */
  readonly maxAaResponses: number;
  readonly tpsFeeUnits: number;
  /** The hub's dry run: responses in order (primary first). */
  readonly dryRun: readonly AaResponse[];
  /** Why the payment would bounce (first reason), or null. */
  readonly bounceReason: string | null;
}

function outputsOf(unit: Unit): { address: string; amount: number; asset: string }[] {
  return unit.messages.flatMap((message) =>
    isPaymentMessage(message) && message.payload
      ? message.payload.outputs.map((o) => ({
          address: o.address ?? '',
          amount: o.amount,
          asset: message.payload?.asset ?? BASE_ASSET,
        }))
      : [],
  );
}

/**
 * The AA part of a preview for a composed (unsigned) unit that pays `aa`. Throws AaError when
 * the dry run cannot be had (timeout, a lying or refusing hub): nothing is to be signed then.
 */
export async function previewAaPayment(params: {
  readonly service: AaService;
  readonly aa: AaInfo;
  readonly unit: Unit;
  readonly data: HashableObject | null;
  readonly maxAaResponses: number;
}): Promise<AaPaymentPreview> {
  const { aa, unit } = params;
  const outputs = outputsOf(unit);
  const received = triggerOutputs(aa.address, outputs);
  const bounceFees = aa.bounceFees ?? { [BASE_ASSET]: 0 };
  const missing = missingBounceFees(bounceFees, received);
  const triggerAddress = unit.authors[0]?.address ?? '';
  const dryRun = await params.service.dryRun(
    aa.address,
    buildDryRunTrigger({
      aaAddress: aa.address,
      triggerAddress,
      outputs,
      data: params.data,
    }),
  );
  const primary = dryRun[0];
  let bounceReason: string | null = null;
  const short = missing.find((m) => m.asset in received || m.asset === BASE_ASSET);
  if (short !== undefined) {
    bounceReason =
      short.asset === BASE_ASSET
        ? 'the bytes it receives are below its bounce fee'
        : `the amount of ${short.asset} it receives is below its bounce fee`;
  } else if (dryRun.some((r) => r.bounced)) {
    const bounced = dryRun.find((r) => r.bounced);
    bounceReason = bounced?.error ?? 'the dry run bounced';
  } else if (primary === undefined) {
    bounceReason = 'the dry run gave no response';
  }
  return {
    aa,
    received,
    bounceFees,
    missingBounceFees: missing,
    bounce: bounceOutcome(bounceFees, received),
    maxAaResponses: params.maxAaResponses,
    tpsFeeUnits: tpsFeeUnitCount(1, params.maxAaResponses),
    dryRun,
    bounceReason,
  };
}
