/** Assertions on the ProtocolError a call must throw, shared by the shared/protocol tests. */
import { expect } from 'vitest';
import { ProtocolError } from '../../shared/protocol/errors';

/** The ProtocolError `fn` throws; fails when it throws something else or nothing. */
export function protocolError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

/** `fn` throws a ProtocolError, with this code and a message matching `message` when given. */
export function expectProtocolError(
  fn: () => unknown,
  code?: string,
  message?: RegExp | string,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  if (code !== undefined) expect((caught as ProtocolError).code).toBe(code);
  if (message !== undefined) expect((caught as ProtocolError).message).toMatch(message);
}
