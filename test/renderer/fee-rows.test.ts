/**
 * The fee rows of a payment preview: every fee by name, and, given what leaves the wallet, a word
 * when most of it is a TPS fee the busy network made high (the rule of shared/ipc/fee-text.ts).
 */
import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import FeeRows from '../../renderer/components/FeeRows.svelte';

const fees = (tps: number) => ({
  headers: 408,
  payload: 410,
  tps,
  oversize: 0,
  burn: 0,
  total: 818 + tps,
});
const leaving = (tps: number) => [
  { amount: 20_818 + tps, asset: 'base', assetName: null, decimals: 9 },
];

describe('FeeRows', () => {
  it('says the network is busy when the TPS fee is most of what leaves the wallet', () => {
    render(FeeRows, { fees: fees(30_000), unit: 'bytes', totalLeaving: leaving(30_000) });
    expect(screen.getByText('30000 bytes')).toBeInTheDocument();
    expect(screen.getByTestId('preview-tps-busy')).toHaveTextContent(
      "Most of the bytes leaving the wallet are the network's TPS fee, which is high right now because the network is busy; it usually falls within a minute, so waiting costs less.",
    );
  });

  it('says nothing of it under half, or without what leaves (a textcoin)', () => {
    render(FeeRows, { fees: fees(20_817), unit: 'bytes', totalLeaving: leaving(20_817) });
    expect(screen.getByText('20817 bytes')).toBeInTheDocument();
    expect(screen.queryByTestId('preview-tps-busy')).toBeNull();
    render(FeeRows, { fees: fees(30_000), unit: 'bytes' });
    expect(screen.queryByTestId('preview-tps-busy')).toBeNull();
  });
});
