/** The contract is one list: names, schemas and the client agree. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  EVENT_NAMES,
  events,
  HubUrlSchema,
  METHOD_NAMES,
  methods,
  SettingsPatchSchema,
} from '../../shared/ipc';

describe('shared/ipc contract', () => {
  it('has a schema for every method name and every event name, and no others', () => {
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('of the wallet methods, marks only payments.send (it signs) as needing an unlocked wallet', () => {
    const walletGroups = ['wallet', 'addresses', 'receive', 'payments', 'watch', 'balances'];
    const needing = Object.entries(methods)
      .filter(([name]) => walletGroups.includes(name.split('.')[0] ?? ''))
      .filter(([, spec]) => spec.needsUnlockedWallet)
      .map(([name]) => name);
    expect(needing).toEqual(['payments.send']);
  });

  it('of the textcoin methods, marks those that open the wallet key (seal, unseal) as needing it', () => {
    const needing = Object.entries(methods)
      .filter(([name, spec]) => name.startsWith('textcoins.') && spec.needsUnlockedWallet)
      .map(([name]) => name)
      .sort();
    expect(needing).toEqual(['textcoins.previewTakeBack', 'textcoins.send']);
  });

  it('names every method that carries the mnemonic after it', () => {
    const carries = (schema: unknown): boolean => JSON.stringify(schema).includes('"mnemonic"');
    const withMnemonic = Object.entries(methods)
      .filter(
        ([, spec]) =>
          carries(z.toJSONSchema(spec.params, { unrepresentable: 'any' })) ||
          carries(z.toJSONSchema(spec.result, { unrepresentable: 'any' })),
      )
      .map(([name]) => name)
      .sort();
    expect(withMnemonic).toEqual([
      'wallet.createWithMnemonicForBackup',
      'wallet.restoreFromMnemonic',
      'wallet.revealMnemonicForBackup',
    ]);
  });

  it('accepts ws and wss hub addresses only', () => {
    for (const ok of ['ws://localhost:6611', 'wss://obyte.org/bb', 'ws://10.0.0.2:6611/bb-test'])
      expect(HubUrlSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['http://x', 'ws://', 'javascript:alert(1)', 'ws://a b', '', 'x'.repeat(300)])
      expect(HubUrlSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses an empty or unknown settings patch', () => {
    expect(SettingsPatchSchema.safeParse({}).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ seed: 'x' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ unit: 'MB' }).success).toBe(true);
  });
});
