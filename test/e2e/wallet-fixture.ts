/** The funded test wallet the e2e suites restore, and somebody else's address to pay. */
import { TEST_MNEMONIC, walletAddressesOf } from '../support/test-hub/wallet-scenarios';

export const PASSWORD = 'a long enough password';
/** The first three receiving addresses of TEST_MNEMONIC (the scenario funds them). */
export const FUNDED = walletAddressesOf(TEST_MNEMONIC, 0, false, 3);
/** Somebody else's address: the first address of another phrase. */
export const RECIPIENT =
  walletAddressesOf(
    'legal winner thank year wave sausage worth useful legal winner thank yellow',
    0,
    false,
    1,
  )[0] ?? '';
/** The same address with its last character changed: the checksum no longer matches. */
export const RECIPIENT_TYPO = RECIPIENT.slice(0, 31) + (RECIPIENT.endsWith('A') ? 'B' : 'A');
