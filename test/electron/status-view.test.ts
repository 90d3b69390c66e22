/**
 * The status bar's facts reach the page whole: statusView maps every field StatusService holds
 * onto the contract's Status, which the dispatcher and the event hub parse with StatusSchema.
 */
import { describe, expect, it } from 'vitest';
import { StatusSchema } from '../../shared/ipc';
import { statusView } from '../../electron/main/ipc/status-view';
import type { AppStatus } from '../../electron/main/services/status';

describe('statusView', () => {
  it('keeps every field of a full status, through the schema', () => {
    const full: AppStatus = {
      network: 'testnet',
      hubUrl: 'wss://obyte.org/bb-test',
      connection: {
        state: 'disconnected',
        since: 1_700_000_000_000,
        detail: 'Lost wss://obyte.org/bb-test: closed. Trying again in 5 seconds.',
        url: 'wss://obyte.org/bb-test',
        reason: 'closed',
        retryAt: 1_700_000_005_000,
      },
      lastStableMci: 1234,
      lastStableMciAt: 1_699_999_990_000,
      lastStableUnitAt: 1_699_999_900_000,
      witnesses: 12,
      sync: { state: 'running', task: 'Verifying history', done: 3, total: 7 },
      problem: 'The hub did not answer.',
      problemAt: 1_699_999_995_000,
      retryAt: 1_700_000_060_000,
      crossCheck: 'The hub refused light/get_balances.',
      outbox: 2,
      secondHub: {
        hubUrl: 'wss://second.example/bb',
        state: 'disagrees',
        summary: 'It has 1 unit the main hub did not send.',
        checkedAt: 1_699_999_999_000,
      },
    };
    expect(StatusSchema.parse(statusView(full))).toEqual(full);
  });

  it('leaves absent what the service never learned, and keeps a null second hub', () => {
    const least: AppStatus = {
      network: 'mainnet',
      hubUrl: 'wss://obyte.org/bb',
      connection: { state: 'offline', since: null, detail: 'Not connected to a hub yet.' },
      lastStableMci: null,
      lastStableMciAt: null,
      sync: { state: 'idle' },
      outbox: 0,
      secondHub: null,
    };
    const view = statusView(least);
    expect(Object.keys(view).sort()).toEqual(Object.keys(least).sort());
    expect(Object.keys(view.connection).sort()).toEqual(['detail', 'since', 'state']);
    expect(StatusSchema.parse(view)).toEqual(least);
  });
});
