/**
 * An AA payment's preview in words, the same on the command line and in the page: the bounce
 * warning first when there is one, what the AA receives, its bounce fee and what a bounce costs,
 * what the TPS fee pays for, then the hub's dry run — what the AA would send to whom, its
 * response variables and its state changes — labelled as the hub's word. Pure: no DOM, no Node.
 */
import type { AaAmountView, AaPreviewView, AaResponseView, DataView } from './aa-schemas';
import { amountText } from '../vocabulary/amount-text';
import type { DisplayUnit } from './schemas';

function amount(a: AaAmountView, unit: DisplayUnit): string {
  return amountText(a.amount, { asset: a.asset, name: a.assetName, decimals: a.decimals }, unit);
}

function list(amounts: readonly AaAmountView[], unit: DisplayUnit): string {
  return amounts.map((a) => amount(a, unit)).join(' and ');
}

/** The first line of a preview that would bounce; null when it would not. */
export function bounceWarning(view: AaPreviewView, unit: DisplayUnit): string | null {
  if (view.bounceReason === null) return null;
  const cost =
    view.bounce.kind === 'keeps_all'
      ? 'the AA keeps everything it receives'
      : `you get back ${list(view.bounce.refunds, unit)} and the AA keeps the bounce fee`;
  return `This payment would bounce: ${view.bounceReason}. If you send it anyway, ${cost}, and the network fees are spent.`;
}

/** What one response of the dry run does, in sentences. */
export function responseLines(response: AaResponseView, unit: DisplayUnit): string[] {
  const lines: string[] = [];
  if (response.bounced) {
    lines.push(`${response.aaAddress} bounces: ${response.error ?? 'no reason given'}.`);
  }
  for (const p of response.payments) {
    const to = p.toYou ? `you (${p.address})` : p.toAa ? `the AA ${p.address}` : p.address;
    lines.push(`${response.aaAddress} sends ${amount(p, unit)} to ${to}.`);
  }
  if (!response.bounced && response.payments.length === 0) {
    lines.push(`${response.aaAddress} sends no payment.`);
  }
  for (const v of response.responseVars) lines.push(`Response ${v.name} = ${v.value}`);
  for (const c of response.stateChanges) {
    const was = c.oldValue === null ? '' : ` (was ${c.oldValue})`;
    const what =
      c.action === 'deleted'
        ? `${c.name} deleted${was}`
        : c.action === 'set'
          ? `${c.name} set to ${c.value ?? ''}${was}`
          : `${c.name} ${c.action} by ${c.value ?? ''}`;
    lines.push(`State of ${c.aa}: ${what}`);
  }
  if (response.info !== null) lines.push(`Info: ${response.info}`);
  if (response.otherMessages.length > 0) {
    lines.push(`It also posts: ${response.otherMessages.join(', ')}.`);
  }
  return lines;
}

/** The whole AA part of a preview, line by line. */
export function aaPreviewLines(view: AaPreviewView, unit: DisplayUnit): string[] {
  const lines: string[] = [];
  const warning = bounceWarning(view, unit);
  if (warning !== null) lines.push(`WARNING: ${warning}`);
  lines.push(
    `This pays the autonomous agent ${view.address}` +
      (view.baseAa === null ? '.' : ` (it runs the code of ${view.baseAa}).`),
  );
  lines.push(`It receives ${list(view.received, unit)}.`);
  lines.push(
    `Its bounce fee is ${list(view.bounceFees, unit)}. ` +
      (view.bounce.kind === 'refund'
        ? `If it bounces, it sends back ${list(view.bounce.refunds, unit)} and keeps the fee.`
        : 'If it bounces, it keeps everything it received.'),
  );
  if (view.missingBounceFees.length > 0) {
    lines.push(`Below the bounce fee by ${list(view.missingBounceFees, unit)}.`);
  }
  lines.push(
    `The TPS fee pays for ${view.tpsFeeUnits} units: this one and up to ${view.maxAaResponses} responses.`,
  );
  lines.push(
    "Dry run by the hub (the hub's word, on the current state; the AA may act differently when your payment becomes stable):",
  );
  if (view.dryRun.responses.length === 0) lines.push('  no response.');
  for (const response of view.dryRun.responses) {
    for (const line of responseLines(response, unit)) lines.push(`  ${line}`);
  }
  return lines;
}

/** The data a payment carries, one "path: value" line per value. */
export function dataLines(data: DataView): string[] {
  return data.rows.map(
    (r) => `${r.path}: ${r.type === 'text' ? JSON.stringify(r.value) : r.value}`,
  );
}
