/** Textcoins: send to a fresh 12-word secret, list, take back, claim. */
export * from './textcoin-service';
export * from './seal';
