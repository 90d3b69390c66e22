/**
 * The one public entry of the pure protocol layer. Everything here is pure: no Node, no DOM,
 * no clock and no randomness unless passed in.
 */
export * from './errors';
export * from './constants';
export * from './json';
export * from './bytes';
export * from './serialize';
export * from './hash';
export * from './chash';
export * from './signature';
export * from './mnemonic';
export * from './hd';
export * from './pairing';
export * from './device-crypto';
export * from './device';
export * from './unit-types';
export * from './unit-parse';
export * from './unit';
export * from './commission';
export * from './amount';
export * from './wire';
export * from './uri';
export * from './chat-links';
export * from './definition';
export * from './history-parse';
export * from './history-witness';
export * from './history';
export * from './history-outputs';
export * from './coins';
export * from './compose';
export * from './compose-verify';
export * from './textcoin';
