/** The main-process log never holds keys, mnemonics, passwords or whole wire frames. */
import { describe, expect, it } from 'vitest';
import { Logger, redact, REDACTED } from '../../electron/main/services/logger';
import { HubMalformedResponseError } from '../../shared/protocol/light/index';
import { fixedClock } from './fakes';

const MNEMONIC =
  'abandon ability able about above absent absorb abstract absurd abuse access accident';
const XPRV =
  'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = new Logger({ sink: (line) => lines.push(line), clock: fixedClock(), level });
  return { logger, lines };
}

describe('redact', () => {
  it('redacts values under sensitive keys, at any depth', () => {
    const out = redact({
      password: 'hunter2',
      nested: { mnemonic: MNEMONIC, xPrivKey: 'abc', deep: [{ privKey: 'k', ok: 'fine' }] },
      authentifiers: { r: 'sig' },
      passphrase: 'p',
      seed: 's',
      temp_priv_key: 't',
      address: 'EXAMPLEADDRESSXXXXXXXXXXXXXXXXXX',
    });
    expect(out).toEqual({
      password: REDACTED,
      nested: { mnemonic: REDACTED, xPrivKey: REDACTED, deep: [{ privKey: REDACTED, ok: 'fine' }] },
      authentifiers: REDACTED,
      passphrase: REDACTED,
      seed: REDACTED,
      temp_priv_key: REDACTED,
      address: 'EXAMPLEADDRESSXXXXXXXXXXXXXXXXXX',
    });
  });

  it('redacts mnemonic-shaped text and extended private keys inside free text', () => {
    expect(redact(`restore failed for "${MNEMONIC}" (12 words)`)).toBe(
      `restore failed for ${REDACTED} (12 words)`,
    );
    expect(redact(MNEMONIC.toUpperCase().split(' ').join('  '))).toBe(REDACTED);
    expect(redact('The hub did not answer in 30 s; retrying in 8 s')).toBe(
      'The hub did not answer in 30 s; retrying in 8 s',
    );
    expect(redact(`key=${XPRV}`)).toBe(`key=${REDACTED}`);
    expect(redact('a short sentence of a few words stays')).toBe(
      'a short sentence of a few words stays',
    );
  });

  it("keeps what exactly was wrong with a hub's answer, which the person is not shown", () => {
    const error = new HubMalformedResponseError('light/get_history', '1.unit: expected a hash');
    expect(error.message).not.toContain('1.unit');
    expect(redact(error)).toMatchObject({
      name: 'HubMalformedResponseError',
      message: error.message,
      problem: '1.unit: expected a hash',
    });
    const { logger, lines } = capture();
    logger.warn('Sync failed', { error });
    expect(lines.join('\n')).toContain('1.unit: expected a hash');
  });

  it('never logs a whole wire frame, as text or as a value', () => {
    const frame = ['justsaying', { subject: 'hub/message', body: { encrypted_package: 'x' } }];
    expect(redact(frame)).toBe('[wire frame: justsaying]');
    expect(redact(JSON.stringify(frame))).toMatch(/^\[wire frame: justsaying, \d+ chars\]$/);
  });

  it('shortens huge strings and shows bytes only by length', () => {
    const long = 'x'.repeat(2000);
    expect(String(redact(long))).toMatch(/… \[2000 chars\]$/);
    expect(redact(new Uint8Array(32))).toBe('[32 bytes]');
  });

  it('keeps an error’s name and message, redacted', () => {
    const error = new Error(`could not restore ${MNEMONIC}`);
    const out = redact(error) as { name: string; message: string; stack?: string };
    expect(out.name).toBe('Error');
    expect(out.message).toBe(`could not restore ${REDACTED}`);
    expect(out.stack).not.toContain('abandon ability');
  });

  it('survives cycles-by-depth and bigints', () => {
    type Deep = { next?: Deep; n: bigint };
    const root: Deep = { n: 1n };
    let cursor = root;
    for (let i = 0; i < 10; i++) cursor = cursor.next = { n: BigInt(i) };
    expect(JSON.stringify(redact(root))).toContain('[nested too deep]');
  });
});

describe('Logger', () => {
  it('writes one line per entry with time, level, scope and redacted details', () => {
    const { logger, lines } = capture();
    logger.child('keystore').warn('Unlock failed', { password: 'hunter2', attempts: 3 });
    expect(lines).toEqual([
      `2025-01-01T12:00:00.000Z WARN [keystore] Unlock failed {"password":"${REDACTED}","attempts":3}`,
    ]);
  });

  it('redacts the message too, and honours the level', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    logger.info(`restoring from ${MNEMONIC}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('abandon');
  });
});
