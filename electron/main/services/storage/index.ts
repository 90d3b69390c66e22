/** The wallet database: verified history, balances, history pages, coins, sync state. */
export { WalletDatabase, DATABASE_FILE, addressGroupKey } from './wallet-database';
export type { WalletDatabaseOptions, WalletDataChange } from './wallet-database';
export { MIGRATIONS, type Migration } from './migrations';
export { StorageError, type StorageErrorCode } from './errors';
export { compareBalances } from './balances';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './history-query';
export type * from './types';
export type { StoredAaResponse } from './aa-responses';
export { LabelBook, type StoredLabel, type StoredContact, type ImportCounts } from './label-book';
