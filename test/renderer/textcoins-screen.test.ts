/**
 * The Textcoins screen in jsdom with a fake API: the asset picker offers bytes and the assets main
 * says a textcoin can carry (`textcoins.assets`: never an indivisible one the wallet holds, asked
 * again when the balances change), asks main for a textcoin of the chosen asset in its own
 * decimals, and the preview shows the recipient's amount with the asset's decimals and name;
 * main's refusal is shown in its words and nothing is previewed.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { BalancesView, IpcReply, TextcoinAssetView } from '../../shared/ipc';
import { fakeApi, LOCKED_WALLET } from './fake-api';

const OWN = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const TEXTCOIN = 'WZPKJN4GLUFU437EJQS6XXHS6Y3MNFKW';
const GOLD = 'G'.repeat(43) + '=';
const TICKETS = 'T'.repeat(43) + '=';
const NOTHING_LEFT = 'N'.repeat(43) + '=';
const UNLOCKED = { ...LOCKED_WALLET, state: 'unlocked' as const, addresses: [OWN] };

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

function balance(asset: string, name: string | null, decimals: number, stable: number) {
  return {
    asset,
    name,
    decimals,
    stable,
    pending: 0,
    pendingUnverified: 0,
    proven: true,
    hubDisagrees: null,
  };
}

const BALANCES = {
  total: [
    balance('base', 'GBYTE', 9, 5_000_000),
    balance(GOLD, 'GOLD', 2, 12_345),
    balance(TICKETS, 'TICKETS', 0, 40),
    // Spent to the last coin: not offered.
    balance(NOTHING_LEFT, 'GONE', 4, 0),
  ],
  byAddress: [],
  watched: { total: [], byAddress: [] },
  incoming: [],
};

/** What main answers: GOLD only (TICKETS is indivisible, GONE has nothing spendable left). */
const CARRIED: TextcoinAssetView[] = [
  { asset: GOLD, name: 'GOLD', decimals: 2, spendable: 12_345 },
];

const GOLD_PREVIEW = {
  preview: {
    previewId: 'tc-1',
    expiresAt: 0,
    recipients: [
      { address: TEXTCOIN, amount: 150, asset: GOLD, assetName: 'GOLD', decimals: 2 },
      { address: TEXTCOIN, amount: 1_122, asset: 'base', assetName: 'GBYTE', decimals: 9 },
    ],
    change: [],
    fees: { headers: 391, payload: 397, tps: 0, oversize: 0, burn: 0, total: 788 },
    totalLeaving: [
      { asset: 'base', amount: 1_910, assetName: 'GBYTE', decimals: 9 },
      { asset: GOLD, amount: 150, assetName: 'GOLD', decimals: 2 },
    ],
    inputCount: 2,
    coinsFromHub: false,
  },
  address: TEXTCOIN,
  asset: GOLD,
  assetName: 'GOLD',
  decimals: 2,
  amount: 150,
  claimFee: 1_072,
  tpsAllowance: 50,
  addedBytes: 1_122,
  // The hub's system variables (a devnet's tps_interval 2): twice 65 bytes at least.
  leastTpsAllowance: 130,
  tpsVariables: 'hub',
};

async function renderTextcoins(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({
    'wallet.getState': () => ok(UNLOCKED),
    'balances.get': () => ok(BALANCES),
    'textcoins.assets': () => ok(CARRIED),
    ...overrides,
  });
  const state = new AppState(fake.api, { hash: '#/textcoins' });
  await state.start();
  render(App, { props: { state } });
  flushSync();
  return { ...fake, state };
}

describe('Textcoins: the asset picker', () => {
  it('offers bytes and the assets main says a textcoin can carry, and previews the asset amount in its decimals and name', async () => {
    const { calls } = await renderTextcoins({
      'textcoins.previewSend': () => ok(GOLD_PREVIEW),
    });
    const picker = await screen.findByLabelText('Asset');
    await waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Bytes (GBYTE)', 'GOLD — 123.45 GOLD']),
    );
    // The indivisible asset the wallet holds is not offered: main said no.
    expect(within(picker).queryByRole('option', { name: /TICKETS/ })).toBeNull();
    expect(calls.some(([m]) => m === 'textcoins.assets')).toBe(true);
    expect(picker).toHaveAccessibleDescription(
      'A textcoin carries bytes or a divisible public asset: indivisible and private assets are not listed.',
    );
    expect(picker).toHaveValue('base');
    expect(screen.getByLabelText('Amount (GBYTE)')).toBeInTheDocument();

    await fireEvent.change(picker, { target: { value: GOLD } });
    const amount = await screen.findByLabelText('Amount (GOLD)');
    await fireEvent.input(amount, { target: { value: '1.5' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const preview = await screen.findByTestId('textcoin-preview');
    const gets = within(preview).getByText('The recipient gets').closest('tr');
    expect(gets).toHaveTextContent('1.5 GOLD');
    // The bytes for the claim are named apart from the asset.
    expect(
      within(preview)
        .getByText(/Claim fee added/)
        .closest('tr'),
    ).toHaveTextContent('0.000001072 GBYTE');
    expect(within(preview).getAllByText(/To the textcoin address/)).toHaveLength(2);
    // The least TPS allowance is main's figure from the hub's system variables, not a constant.
    expect(
      within(preview).getByText(
        "TPS fee allowance for the claim (twice the hub's estimate, at least 130 bytes)",
      ),
    ).toBeInTheDocument();
    expect(within(preview).queryByTestId('tps-variables-initial')).toBeNull();
    // The asset's amount goes to main as typed, in its own decimals, with no bytes unit.
    expect(calls.find(([m]) => m === 'textcoins.previewSend')?.[1]).toEqual({
      amount: '1.5',
      asset: GOLD,
    });
  });

  it("shows main's refusal in its words, and no preview", async () => {
    const refusal = `This wallet holds none of the asset ${GOLD}, so it cannot pay with it.`;
    const { calls } = await renderTextcoins({
      'textcoins.previewSend': () => ({ ok: false, error: { code: 'rejected', message: refusal } }),
    });
    const picker = await screen.findByLabelText('Asset');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(2));
    await fireEvent.change(picker, { target: { value: GOLD } });
    await fireEvent.input(await screen.findByLabelText('Amount (GOLD)'), {
      target: { value: '2' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByText(refusal);
    expect(screen.queryByTestId('textcoin-preview')).toBeNull();
    expect(calls.find(([m]) => m === 'textcoins.previewSend')?.[1]).toEqual({
      amount: '2',
      asset: GOLD,
    });
    // Still editable: back to bytes.
    expect(picker).not.toBeDisabled();
    await fireEvent.change(picker, { target: { value: 'base' } });
    expect(await screen.findByLabelText('Amount (GBYTE)')).toBeInTheDocument();
  });

  it('asks main again when the balances change: a spent asset leaves the list (back to bytes), a new one comes', async () => {
    let answer: TextcoinAssetView[] = CARRIED;
    const { calls, emit } = await renderTextcoins({ 'textcoins.assets': () => ok(answer) });
    const picker = await screen.findByLabelText('Asset');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(2));
    await fireEvent.change(picker, { target: { value: GOLD } });
    expect(await screen.findByLabelText('Amount (GOLD)')).toBeInTheDocument();
    const asked = calls.filter(([m]) => m === 'textcoins.assets').length;

    answer = [{ asset: NOTHING_LEFT, name: 'GONE', decimals: 4, spendable: 25_000 }];
    const changed: BalancesView = { ...BALANCES, total: BALANCES.total.slice(0, 1) };
    emit('balancesChanged', changed);
    await waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Bytes (GBYTE)', 'GONE — 2.5 GONE']),
    );
    expect(calls.filter(([m]) => m === 'textcoins.assets').length).toBeGreaterThan(asked);
    expect(await screen.findByLabelText('Amount (GBYTE)')).toBeInTheDocument();
    expect(picker).toHaveValue('base');
  });

  it("says so when the hub has not sent the network's fee variables (the initial values were used)", async () => {
    await renderTextcoins({
      'textcoins.previewSend': () =>
        ok({ ...GOLD_PREVIEW, leastTpsAllowance: 344, tpsVariables: 'initial' }),
    });
    await fireEvent.input(await screen.findByLabelText('Amount (GBYTE)'), {
      target: { value: '0.1' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = await screen.findByTestId('textcoin-preview');
    expect(within(preview).getByTestId('tps-variables-initial')).toHaveTextContent(
      "The hub has not sent the network's fee variables yet, so the least TPS allowance uses their initial values (base_tps_fee 10, tps_interval 1, tps_fee_multiplier 10).",
    );
    expect(within(preview).getByText(/at least 344 bytes\)$/)).toBeInTheDocument();
  });
});
