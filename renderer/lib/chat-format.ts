/** Words for chat: link buttons, times, delivery states. Pure: no runes, no DOM. */
import type { ChatMessageView, PaymentRequest } from '../../shared/ipc/chat-schemas';
import type { DisplayUnit } from '../../shared/ipc/schemas';
import { bytesText } from '../../shared/ipc/amount-text';
import { BASE_ASSET } from '../../shared/protocol/amount';

/** "Pay 0.1 GBYTE to 4GDZ…": what the button does; the Send preview shows everything in full. */
export function payLabel(payment: PaymentRequest, unit: DisplayUnit): string {
  const to = payment.address.length > 8 ? `${payment.address.slice(0, 4)}…` : payment.address;
  if (payment.amount === null) return `Pay to ${to}`;
  const what =
    payment.asset === null || payment.asset === BASE_ASSET
      ? bytesText(payment.amount, unit)
      : `${payment.amount.toLocaleString('en-US')} units of ${payment.asset.slice(0, 6)}…`;
  return `Pay ${what} to ${to}`;
}

export function timeText(epochMs: number, now: number = Date.now()): string {
  const date = new Date(epochMs);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString()} ${time}`;
}

export function deliveryText(message: ChatMessageView): string | null {
  switch (message.state) {
    case 'queued':
      // Not delivered yet and why (their hub or ours unreachable): never a bare "Sending…".
      return message.failureReason ? `Not sent yet: ${message.failureReason}` : 'Sending…';
    case 'delivered':
      return 'Delivered';
    case 'failed':
      return message.failureReason ? `Not sent: ${message.failureReason}` : 'Not sent';
    case 'received':
      return null;
  }
}

/** "ABCD…WXYZ" for a device address in tight places. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
