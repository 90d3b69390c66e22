/** Payments: preview, sign and post, the outbox, and tracking until the network decides. */
export * from './payment-service';
export * from './errors';
export * from './outbox';
