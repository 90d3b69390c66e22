/**
 * Temp keys sealed at rest under the device signer's at-rest key: a chat database written before
 * the keystore kept the device key (the seal was computed from the key bytes) must still open.
 */
import { describe, expect, it } from 'vitest';
import { sealTempKey, unsealTempKey } from '../../../electron/main/services/chat/temp-key-seal';
import { openDeviceSigner } from '../../../electron/main/services/keystore/signer';
import { toHex } from '../../../shared/protocol/bytes';

const DEVICE_KEY = new Uint8Array(32).fill(0x11);
const TEMP_KEY = new Uint8Array(32).fill(0x22);
const NONCE = new Uint8Array(12).fill(0x33);
/** sealTempKey(TEMP_KEY, DEVICE_KEY, NONCE) as the code before the signer computed it. */
const SEALED_BEFORE =
  'MzMzMzMzMzMzMzMzRO/71KdauuifAywcPeoF3IuufPiTkUVRD3WLXUmlmQGlo2NSdoQrRNzBeVdMM+aj';

describe('temp key seal', () => {
  it('seals as before and opens what was sealed before, with the device signer', () => {
    const device = openDeviceSigner(DEVICE_KEY);
    expect(sealTempKey(TEMP_KEY, device, NONCE)).toBe(SEALED_BEFORE);
    const opened = unsealTempKey(SEALED_BEFORE, device);
    expect(opened && toHex(opened)).toBe(toHex(TEMP_KEY));
  });

  it('another device key does not open it', () => {
    expect(unsealTempKey(SEALED_BEFORE, openDeviceSigner(new Uint8Array(32).fill(0x12)))).toBe(
      null,
    );
  });
});
