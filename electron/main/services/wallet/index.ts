/** The wallet's HD addresses: derivation, restore discovery, receive and change addresses. */
export * from './wallet-service';
