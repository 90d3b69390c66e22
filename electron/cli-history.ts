/**
 * `obyte-light history export [FILE] [--format csv|json] [--from DATE] [--to DATE]`: the
 * history (synced first, like `history`) as CSV or JSON, of the days from --from to --to (UTC,
 * both included), with the user's labels and notes. Checked before anything is opened: the
 * format, the dates, and that FILE does not exist yet (it is never overwritten); without FILE
 * the text goes to standard output.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HistoryExportFormat } from './main/services/sync/history-export';

export class HistoryExportUsageError extends Error {}

export interface HistoryExportArgs {
  readonly file: string | null;
  readonly format: HistoryExportFormat;
  /** Seconds: from (inclusive), to (exclusive). */
  readonly from?: number;
  readonly to?: number;
}

const DAY = 86_400;

/** A day as YYYY-MM-DD (UTC): its first second; null when it is not one. */
function dayStart(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  const ms = Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() + 1 !== m || date.getUTCDate() !== d) {
    return null;
  }
  return ms >= 0 ? ms / 1000 : null;
}

export function isHistoryExport(command: string, args: readonly string[]): boolean {
  return command === 'history' && args[0] === 'export';
}

export async function checkHistoryExportArgs(
  args: readonly string[],
  options: { format?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<HistoryExportArgs> {
  const [, file, ...rest] = args;
  if (rest.length > 0) {
    throw new HistoryExportUsageError(
      'history export takes at most one file name (quote a name with spaces).',
    );
  }
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    throw new HistoryExportUsageError('The format (--format) is csv or json.');
  }
  const day = (value: string | undefined, what: string): number | undefined => {
    if (value === undefined) return undefined;
    const start = dayStart(value);
    if (start === null) {
      throw new HistoryExportUsageError(
        `The ${what} date (--${what}) is a day written YYYY-MM-DD, such as 2024-01-31; "${value.slice(0, 20)}" is not one.`,
      );
    }
    return start;
  };
  const from = day(options.from, 'from');
  const toDay = day(options.to, 'to');
  const to = toDay === undefined ? undefined : toDay + DAY;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new HistoryExportUsageError('The start date (--from) is after the end date (--to).');
  }
  let path: string | null = null;
  if (file !== undefined && file !== '-') {
    path = resolve(file);
    let taken = true;
    try {
      await access(path);
    } catch {
      taken = false;
    }
    if (taken) {
      throw new HistoryExportUsageError(
        `The file "${file.slice(0, 200)}" already exists; Obyte Light never overwrites a file. Choose another name.`,
      );
    }
  }
  return {
    file: path,
    format,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}
