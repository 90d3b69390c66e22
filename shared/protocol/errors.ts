/**
 * Every failure of the pure protocol layer is a ProtocolError with a stable machine code and a
 * message written for a person ("That address has a typo: its checksum does not match").
 * Callers at the edge (IPC, CLI, hub client) map `code` to their own handling; they never
 * need to parse `message`.
 */
export type ProtocolErrorCode =
  | 'serialization'
  | 'encoding'
  | 'address'
  | 'device_address'
  | 'signature'
  | 'key'
  | 'amount'
  | 'asset'
  | 'unit'
  | 'frame'
  | 'pairing_code'
  | 'uri'
  | 'device_message'
  | 'mnemonic'
  | 'aa'
  | 'data'
  | 'signed_message';

export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

export function fail(code: ProtocolErrorCode, message: string): never {
  throw new ProtocolError(code, message);
}
