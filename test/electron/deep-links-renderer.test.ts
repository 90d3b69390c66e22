/**
 * What the page says for an opened link (renderer/lib/state/deep-link.ts, plain TypeScript): the
 * screen it opens and the banner, which names everything the link asks and that the user confirms.
 */
import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../electron/main/services/deep-links';
import { noticeFor, noticeParts } from '../../renderer/lib/state/deep-link';

const ADDR = '4GDZSXHEFVFMHCUCSHZVXBVF5T2LJHMU';
const PUBKEY = 'ApCXmlSQ88tMOIU3XeGJ1uBC3/wq484d3eE8uNc4LHfd';
const ASSET = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';

describe('noticeFor', () => {
  it('sends a payment link to Send, with the amount in the user unit and the whole address', () => {
    const link = parseDeepLink(`obyte:${ADDR}?amount=500000000`, 'mainnet');
    expect(noticeFor(link, 'GBYTE')).toEqual({
      tone: 'info',
      screen: 'send',
      text: `This link asks you to pay 0.5 GBYTE to ${ADDR}. Review it in Send: nothing is paid until you confirm.`,
      codes: [ADDR],
    });
    expect(noticeFor(link, 'bytes').text).toContain('pay 500000000 bytes to');
  });

  it('names every part of a payment: no amount, other assets, extra assets, AA data', () => {
    expect(noticeFor(parseDeepLink(`obyte:${ADDR}`, 'mainnet'), 'GBYTE').text).toContain(
      `to pay ${ADDR} (you choose the amount)`,
    );
    const asset = parseDeepLink(
      `obyte:${ADDR}?amount=1500&asset=${encodeURIComponent(ASSET)}&amount2=1&base64data=eyJhIjoxfQ%3D%3D`,
      'mainnet',
    );
    expect(noticeFor(asset, 'GBYTE').text).toBe(
      `This link asks you to pay 1,500 smallest units of the asset ${ASSET} to ${ADDR} and 1 more asset, with data for an autonomous agent. Review it in Send: nothing is paid until you confirm.`,
    );
    const email = parseDeepLink('obyte:someone@example.org?amount=1000', 'mainnet');
    // An e-mail, phone or account needs an attestor's lookup: refused, nothing filled in.
    expect(noticeFor(email, 'KB')).toEqual({
      tone: 'error',
      screen: null,
      codes: [],
      text: 'This link asks you to pay 1 KB to the e-mail address someone@example.org. Obyte Light can pay only Obyte addresses: nothing was filled in or paid.',
    });
  });

  it('sends a pairing link to Chat and says nothing is paired until the user confirms', () => {
    const notice = noticeFor(parseDeepLink(`obyte:${PUBKEY}@obyte.org/bb#s`, 'mainnet'), 'GBYTE');
    expect(notice.screen).toBe('chat');
    expect(notice.text).toMatch(
      /^This link asks you to pair with the device 0[A-Z2-7]{32} at the hub obyte\.org\/bb\. Review it in Chat: nothing is paired until you confirm\.$/,
    );
  });

  it('marks the identifiers to compare (address, asset, device) for a monospace face', () => {
    const asset = noticeFor(
      parseDeepLink(`obyte:${ADDR}?amount=1500&asset=${encodeURIComponent(ASSET)}`, 'mainnet'),
      'GBYTE',
    );
    expect(asset.codes).toEqual([ADDR, ASSET]);
    expect(noticeParts(asset)).toEqual([
      { text: 'This link asks you to pay 1,500 smallest units of the asset ', code: false },
      { text: ASSET, code: true },
      { text: ' to ', code: false },
      { text: ADDR, code: true },
      { text: '. Review it in Send: nothing is paid until you confirm.', code: false },
    ]);
    const pairing = noticeFor(parseDeepLink(`obyte:${PUBKEY}@obyte.org/bb#s`, 'mainnet'), 'GBYTE');
    expect(noticeParts(pairing).filter((p) => p.code)).toHaveLength(1);
    const refused = noticeFor(parseDeepLink(`obyte-tn:${ADDR}`, 'mainnet'), 'GBYTE');
    expect(noticeParts(refused)).toEqual([{ text: refused.text, code: false }]);
  });

  it('shows a refusal where the user is, as an error', () => {
    const notice = noticeFor(parseDeepLink(`obyte-tn:${ADDR}`, 'mainnet'), 'GBYTE');
    expect(notice.tone).toBe('error');
    expect(notice.screen).toBeNull();
    expect(notice.text).toContain('testnet link');
  });
});
