/** Deterministic single-sig test keys: a private key from a label, its pubkey, definition and address. */
import { getAddressFromDefinition } from '../../shared/protocol/chash';
import { sha256Utf8 } from '../../shared/protocol/hash';
import { getPublicKeyB64 } from '../../shared/protocol/signature';

export interface TestKey {
  privateKey: Uint8Array;
  pubkey: string;
  definition: ['sig', { pubkey: string }];
  address: string;
}

/** The key whose private key is sha256(label). */
export function makeTestKey(label: string): TestKey {
  const privateKey = sha256Utf8(label);
  const pubkey = getPublicKeyB64(privateKey);
  const definition: TestKey['definition'] = ['sig', { pubkey }];
  return { privateKey, pubkey, definition, address: getAddressFromDefinition(definition) };
}
