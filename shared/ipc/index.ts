/** The IPC contract between main and the page: names, schemas, reply envelope, client builder. */
export * from './names';
export * from './errors';
export * from './schemas';
export * from './contract';
export * from './client';
export * from './wallet-schemas';
export * from './keys-schemas';
export * from './textcoin-schemas';
export * from './chat-schemas';
export * from './update-schemas';
export * from './aa-schemas';
export * from './password-rule';
export * from './bidi';
export * from './spend-text';
export * from './labels-schemas';
export * from './fiat';
export * from './backup-schemas';
