/**
 * The history as a file: CSV (one line per unit and asset) or JSON (one object per unit), of
 * every unit the History filters select (asset, direction, search, date range), with the user's
 * label and note on each unit and the names the user gave its counterparties.
 *
 * Amounts are exact decimal strings in whole units of the asset (never floating point). In the
 * CSV, every text that did not come from us (labels, notes, names, an asset's registry name)
 * and starts like a spreadsheet formula (= + - @, tab or carriage return) is prefixed with an
 * apostrophe, so that opening the file runs nothing (OWASP "CSV injection"); amounts, dates,
 * hashes and addresses are ours and stay as they are.
 */
import type { WalletDatabase } from '../storage/index';
import { historyPage, type HistoryFilter, type HistoryLine } from './wallet-view';

export type HistoryExportFormat = 'csv' | 'json';

export const CSV_HEADER =
  'date,unit,status,direction,asset,amount,fee_bytes,mci,counterparties,counterparty_names,label,note';

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Untrusted text that a spreadsheet would run as a formula, made plain text. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** An integer amount of the smallest unit as an exact decimal in whole units. */
export function decimal(amount: number, decimals: number): string {
  const negative = amount < 0;
  const digits = Math.abs(amount)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? digits.slice(digits.length - decimals).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

interface Names {
  readonly unit: (unit: string) => { label: string; note: string };
  readonly address: (address: string) => string;
}

/** The user's words on units and addresses: a contact's name first, else the address's label. */
function namesOf(db: WalletDatabase): Names {
  const units = new Map<string, { label: string; note: string }>();
  const addresses = new Map<string, string>();
  for (const item of db.watchedAddresses()) if (item.label) addresses.set(item.address, item.label);
  for (const label of db.labels.labels()) {
    if (label.type === 'unit') units.set(label.ref, { label: label.label, note: label.note });
    else if (label.label) addresses.set(label.ref, label.label);
  }
  for (const contact of db.labels.contacts()) addresses.set(contact.address, contact.name);
  return {
    unit: (unit) => units.get(unit) ?? { label: '', note: '' },
    address: (address) => addresses.get(address) ?? '',
  };
}

function* rowsOf(db: WalletDatabase, filter: HistoryFilter): Generator<HistoryLine> {
  let cursor: string | null = null;
  do {
    const page = historyPage(db, { ...filter, cursor, limit: 500 });
    yield* page.rows;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

function csv(db: WalletDatabase, filter: HistoryFilter): { text: string; rows: number } {
  const names = namesOf(db);
  const lines = [CSV_HEADER];
  let rows = 0;
  for (const row of rowsOf(db, filter)) {
    rows += 1;
    const date = new Date(row.timestamp * 1000).toISOString();
    const { label, note } = names.unit(row.unit);
    const counterpartyNames = row.counterparties.map(names.address).filter((name) => name !== '');
    for (const a of row.amounts) {
      lines.push(
        [
          date,
          row.unit,
          row.status,
          row.direction,
          neutralizeFormula(a.name ?? a.asset),
          decimal(a.net, a.decimals),
          row.fee === null ? '' : String(row.fee),
          row.mainChainIndex === null ? '' : String(row.mainChainIndex),
          row.counterparties.join(' '),
          neutralizeFormula(counterpartyNames.join('; ')),
          neutralizeFormula(label),
          neutralizeFormula(note),
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return { text: `${lines.join('\n')}\n`, rows };
}

function json(db: WalletDatabase, filter: HistoryFilter): { text: string; rows: number } {
  const names = namesOf(db);
  const transactions = [];
  for (const row of rowsOf(db, filter)) {
    const { label, note } = names.unit(row.unit);
    transactions.push({
      date: new Date(row.timestamp * 1000).toISOString(),
      unit: row.unit,
      status: row.status,
      proven: row.proven,
      direction: row.direction,
      scope: row.scope,
      mci: row.mainChainIndex,
      feeBytes: row.fee,
      amounts: row.amounts.map((a) => ({
        asset: a.asset,
        name: a.name,
        decimals: a.decimals,
        amount: decimal(a.net, a.decimals),
        received: decimal(a.received, a.decimals),
        sent: decimal(a.sent, a.decimals),
      })),
      counterparties: row.counterparties.map((address) => ({
        address,
        name: names.address(address) || null,
      })),
      label: label || null,
      note: note || null,
    });
  }
  const text = `${JSON.stringify(
    {
      format: 'obyte-light-history',
      version: 1,
      from: filter.from === undefined ? null : new Date(filter.from * 1000).toISOString(),
      to: filter.to === undefined ? null : new Date(filter.to * 1000).toISOString(),
      transactions,
    },
    null,
    2,
  )}\n`;
  return { text, rows: transactions.length };
}

/** Every matching unit in the format asked for, newest first. */
export function historyExport(
  db: WalletDatabase,
  filter: HistoryFilter,
  format: HistoryExportFormat,
): { text: string; rows: number } {
  return format === 'json' ? json(db, filter) : csv(db, filter);
}
