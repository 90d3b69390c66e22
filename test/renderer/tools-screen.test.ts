/**
 * The Tools screen in jsdom with a fake API: the page asks main to hold a message, shows exactly
 * what main holds, and signs by its id only (no text, no digest, no reply address at that
 * step); a bot's request carries its chat; verify and AA details show the hub's word as text.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { IpcReply } from '../../shared/ipc';
import { fakeApi, LOCKED_WALLET } from './fake-api';

const OWN = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const AA = '6XRVN67GJWHTN3QOW2PZUAWWKINNIU32';
const OUSD = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=';
const UNNAMED = 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=';
const UNLOCKED = { ...LOCKED_WALLET, state: 'unlocked' as const, addresses: [OWN] };

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

async function renderTools(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({
    'wallet.getState': () => ok(UNLOCKED),
    'addresses.list': () =>
      ok([
        {
          address: OWN,
          account: 0,
          isChange: false,
          index: 0,
          used: true,
          bytes: { stable: 0, pending: 0 },
        },
      ]),
    ...overrides,
  });
  const state = new AppState(fake.api, { hash: '#/tools' });
  await state.start();
  render(App, { props: { state } });
  flushSync();
  return { ...fake, state };
}

const PREPARED = {
  signId: 'sig-1',
  address: OWN,
  text: 'I agree <b>to</b> the terms.',
  isJson: false,
  networkAware: false,
  replyTo: null,
};

describe('Tools: sign a message', () => {
  it('shows what main holds, then signs by its id only', async () => {
    const { calls } = await renderTools({
      'messages.prepareSign': () => ok(PREPARED),
      'messages.sign': () =>
        ok({ address: OWN, base64: 'c2lnbmVk', repliedTo: null, replyProblem: null }),
    });
    const select = await screen.findByLabelText('Sign with address');
    await waitFor(() => expect(select).toHaveValue(OWN));
    await fireEvent.input(screen.getByLabelText('Message'), {
      target: { value: 'I agree <b>to</b> the terms.' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Review and sign…' }));
    // The text as main holds it, as text (never markup).
    const shown = await screen.findByText('I agree <b>to</b> the terms.');
    expect(shown.tagName).toBe('PRE');
    expect(screen.getByText(/asks once more in its own window/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign this message' }));
    await screen.findByText(`Signed by ${OWN}.`);
    expect(screen.getByLabelText(/Signed message \(base64, as wallets/)).toHaveValue('c2lnbmVk');
    const prepare = calls.find(([m]) => m === 'messages.prepareSign');
    expect(prepare?.[1]).toEqual({ address: OWN, message: 'I agree <b>to</b> the terms.' });
    const sign = calls.find(([m]) => m === 'messages.sign');
    expect(sign?.[1]).toEqual({ signId: 'sig-1' });
  });

  it('copies the signed message exactly as made; a refusing clipboard is said in words', async () => {
    const written: string[] = [];
    let refuse = false;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: (text: string) => {
          if (refuse) return Promise.reject(new Error('denied'));
          written.push(text);
          return Promise.resolve();
        },
      },
    });
    try {
      await renderTools({
        'messages.prepareSign': () => ok(PREPARED),
        'messages.sign': () =>
          ok({ address: OWN, base64: 'c2lnbmVk', repliedTo: null, replyProblem: null }),
      });
      await fireEvent.input(await screen.findByLabelText('Message'), { target: { value: 'x' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Review and sign…' }));
      await fireEvent.click(await screen.findByRole('button', { name: 'Sign this message' }));
      const copy = await screen.findByRole('button', { name: 'Copy the signed message' });
      await fireEvent.click(copy);
      await screen.findByText('Copied.');
      expect(written).toEqual(['c2lnbmVk']);
      refuse = true;
      await fireEvent.click(copy);
      await screen.findByText(/The clipboard refused the signed message/);
      expect(screen.queryByText('Copied.')).toBeNull();
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });

  it('a bot’s request travels with its chat; a refusal from main is shown in words', async () => {
    const { calls, state } = await renderTools({
      'messages.prepareSign': (params) =>
        ok({
          ...PREPARED,
          text: '{\n  "challenge": "x"\n}',
          isJson: true,
          replyTo: (params as { replyTo: string }).replyTo,
        }),
      'messages.sign': () => ({
        ok: false,
        error: { code: 'rejected', message: 'Not signed: you said no in the dialog.' },
      }),
    });
    state.tools.askedToSign({
      message: 'eyJjaGFsbGVuZ2UiOiJ4In0=',
      networkAware: true,
      replyTo: '0BOTDEVICE',
      from: 'Test Bot',
    });
    flushSync();
    expect(await screen.findByText(/Test Bot asks you to sign this message/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Sign with address')).toHaveValue(OWN));
    await fireEvent.click(screen.getByRole('button', { name: 'Review and sign…' }));
    await screen.findByText(/goes back to Test Bot/);
    expect(calls.find(([m]) => m === 'messages.prepareSign')?.[1]).toEqual({
      address: OWN,
      message: 'eyJjaGFsbGVuZ2UiOiJ4In0=',
      networkAware: true,
      decodeJson: true,
      replyTo: '0BOTDEVICE',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign this message' }));
    await screen.findByText('Not signed: you said no in the dialog.');
    expect(calls.find(([m]) => m === 'messages.sign')?.[1]).toEqual({ signId: 'sig-1' });
  });

  it('cannot sign while the wallet is locked', async () => {
    await renderTools({
      'wallet.getState': () => ok(LOCKED_WALLET),
      'messages.prepareSign': () => ok(PREPARED),
    });
    await fireEvent.input(await screen.findByLabelText('Message'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Review and sign…' }));
    await screen.findByText(/The wallet is locked/);
    expect(screen.getByRole('button', { name: 'Sign this message' })).toBeDisabled();
  });
});

describe('Tools: verify and look up', () => {
  it('says valid or not in words', async () => {
    await renderTools({
      'messages.verify': (params) =>
        (params as { signed: string }).signed === 'good'
          ? ok({ status: 'valid', address: OWN, text: 'hello', reason: null, networkAware: false })
          : ok({
              status: 'invalid',
              address: null,
              text: null,
              reason: 'the signature does not match',
              networkAware: false,
            }),
    });
    const input = await screen.findByLabelText(/Signed message \(base64 or JSON\)/);
    await fireEvent.input(input, { target: { value: 'good' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByText(`Valid: signed by ${OWN}.`);
    await fireEvent.input(input, { target: { value: 'bad' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByText('Not valid: the signature does not match.');
  });

  it('shows an AA with bounce fees, state variables page by page, and its definition', async () => {
    const { calls } = await renderTools({
      'aa.details': () =>
        ok({
          address: AA,
          kind: 'aa',
          baseAa: null,
          docUrl: null,
          definition: '["autonomous agent", {}]',
          bounceFees: [{ asset: 'base', amount: 10000, assetName: 'GBYTE', decimals: 9 }],
          balances: [
            { asset: 'base', amount: 123456, assetName: 'GBYTE', decimals: 9 },
            { asset: OUSD, amount: 123_000, assetName: 'OUSD', decimals: 4 },
            { asset: UNNAMED, amount: 5, assetName: null, decimals: 0 },
          ],
          responses: [],
        }),
      'aa.stateVars': (params) =>
        (params as { after?: string }).after === undefined
          ? ok({ vars: [{ name: 'last_echo', value: '"<img src=x>"' }], nextAfter: 'last_echo' })
          : ok({ vars: [{ name: 'total', value: '42' }], nextAfter: null }),
    });
    await fireEvent.input(await screen.findByLabelText('AA address'), { target: { value: AA } });
    await fireEvent.click(screen.getAllByRole('button', { name: 'Look up' })[0] as HTMLElement);
    await screen.findByText('0.00001 GBYTE');
    // Named from the registry, with the id beside it; an unnamed asset by its id.
    const balances = within(screen.getByRole('list', { name: 'Balances of the AA' }));
    const items = balances
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      '0.000123456 GBYTE',
      `12.3 OUSD asset ${OUSD}`,
      `5 ${UNNAMED.slice(0, 6)}… unnamed asset ${UNNAMED}`,
    ]);
    expect(screen.getByText('"<img src=x>"')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'More' }));
    await screen.findByText('total');
    expect(screen.queryByRole('button', { name: 'More' })).toBeNull();
    expect(calls.filter(([m]) => m === 'aa.stateVars').map(([, p]) => p)).toEqual([
      { address: AA, limit: 50 },
      { address: AA, after: 'last_echo', limit: 50 },
    ]);
    expect(screen.getByText('Definition (read-only)')).toBeInTheDocument();
  });

  it('says in words that an address is not an AA', async () => {
    await renderTools({
      'aa.details': () =>
        ok({
          address: OWN,
          kind: 'plain',
          baseAa: null,
          docUrl: null,
          definition: null,
          bounceFees: [],
          balances: [],
          responses: [],
        }),
    });
    await fireEvent.input(await screen.findByLabelText('AA address'), { target: { value: OWN } });
    await fireEvent.click(screen.getAllByRole('button', { name: 'Look up' })[0] as HTMLElement);
    await screen.findByText(/is not an autonomous agent: it is an ordinary address/);
  });
});

describe('Tools: attestations', () => {
  const ATTESTOR = 'JFKWGRMXP3KHUAFMF4SJZVDXFL6ACC6P';
  const UNIT = 'A'.repeat(43) + '=';

  it('lists each attestation with its unit as the hub’s word; values are text; no fields says so', async () => {
    const { calls } = await renderTools({
      'attestations.list': () =>
        ok([
          {
            unit: UNIT,
            attestor: ATTESTOR,
            attestorName: 'Real name attestation bot (Veriff)',
            fields: [{ name: 'first_name', value: '<b>Ada</b>' }],
          },
          { unit: 'B'.repeat(42) + 'A=', attestor: OWN, attestorName: null, fields: [] },
        ]),
    });
    const panel = within(
      (await screen.findByRole('heading', { name: 'Attestations' })).closest(
        'section',
      ) as HTMLElement,
    );
    await fireEvent.input(panel.getByLabelText('Address'), { target: { value: ` ${OWN} ` } });
    await fireEvent.click(panel.getByRole('button', { name: 'Look up' }));
    expect(
      await panel.findByText(/Attested by Real name attestation bot \(Veriff\)/),
    ).toHaveTextContent(
      `Attested by Real name attestation bot (Veriff) ${ATTESTOR} (unit ${UNIT}, the hub's word)`,
    );
    expect(panel.getByText(': <b>Ada</b>', { exact: false })).toBeInTheDocument();
    expect(document.querySelector('.attestation b')).toBeNull();
    // The second: no name known, no public field.
    expect(panel.getByText(/Attested by the attestor/)).toHaveTextContent(OWN);
    expect(panel.getByText('No public fields (the details are private).')).toBeInTheDocument();
    expect(calls.filter(([m]) => m === 'attestations.list').map(([, p]) => p)).toEqual([
      { address: OWN },
    ]);
  });

  it('says when there is none, and a refusal in words', async () => {
    let answer: IpcReply<unknown> = ok([]);
    await renderTools({ 'attestations.list': () => answer });
    const panel = within(
      (await screen.findByRole('heading', { name: 'Attestations' })).closest(
        'section',
      ) as HTMLElement,
    );
    await fireEvent.input(panel.getByLabelText('Address'), { target: { value: OWN } });
    await fireEvent.click(panel.getByRole('button', { name: 'Look up' }));
    expect(await panel.findByRole('status')).toHaveTextContent(
      "No attestations of this address (the hub's word).",
    );
    answer = { ok: false, error: { code: 'rejected', message: 'The hub did not answer.' } };
    await fireEvent.click(panel.getByRole('button', { name: 'Look up' }));
    expect(await panel.findByRole('alert')).toHaveTextContent('The hub did not answer.');
    expect(panel.queryByRole('status')).toBeNull();
  });
});
