/** Chat: the device messenger, its database and the CLI command functions. */
export * from './chat-database';
export * from './cli-commands';
export * from './device-messenger';
export * from './remote-hub';
export * from './temp-key-seal';
export * from './types';
export * from './chat-session';
