/**
 * The messages main sends the page are sentences in words (UX.md: "never a code or a stack"):
 * the dispatcher's and the client's fixed sentences, what a refused request's params become,
 * what a file error becomes, and every literal sentence main or shared code throws as a
 * UserFacingError or KeystoreError (found by walking the source with the TypeScript parser, so a
 * new one is checked the day it is written), and the words of each refusal of the wallet
 * (ipc/wallet-sentences.ts: one example of every kind, so a new kind is checked the day it is
 * added), and of each refusal of the payment services (ipc/payment-sentences.ts: every kind, with
 * its words written out), of the textcoin service (ipc/textcoin-sentences.ts) and of the AA
 * service (ipc/aa-sentences.ts), the wallet service (ipc/wallet-service-sentences.ts), the
 * accounts (ipc/accounts-sentences.ts) and the backup service (ipc/backup-sentences.ts, also through the dispatcher), the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  FORBIDDEN_MESSAGE,
  INTERNAL_MESSAGE,
  IpcDispatcher,
  LOCKED_MESSAGE,
  timeoutMessage,
  type Handlers,
} from '../../electron/main/ipc/dispatcher';
import { backupSentence } from '../../electron/main/ipc/backup-sentences';
import {
  BackupError,
  type BackupErrorFacts,
  type BackupErrorKind,
} from '../../electron/main/services/backup/errors';
import { recordingLogger } from './fakes';
import { NOT_SAVED_MESSAGE } from '../../electron/main/ipc/update-handlers';
import { aaSentence } from '../../electron/main/ipc/aa-sentences';
import { accountsSentence } from '../../electron/main/ipc/accounts-sentences';
import { paymentSentence } from '../../electron/main/ipc/payment-sentences';
import {
  AaError,
  type AaErrorFacts,
  type AaErrorKind,
  type AaQuestion,
} from '../../electron/main/services/aa/aa-service';
import { textcoinSentence } from '../../electron/main/ipc/textcoin-sentences';
import { walletSentence } from '../../electron/main/ipc/wallet-sentences';
import { walletServiceSentence } from '../../electron/main/ipc/wallet-service-sentences';
import {
  WalletError,
  type WalletErrorFacts,
  type WalletErrorKind,
} from '../../electron/main/services/wallet/wallet-service';
import type {
  AccountsErrorFacts,
  AccountsErrorKind,
} from '../../electron/main/services/wallet/accounts';
import {
  TextcoinError,
  type TextcoinErrorFacts,
  type TextcoinErrorKind,
} from '../../electron/main/services/textcoins/errors';
import {
  PaymentError,
  type PaymentErrorFacts,
  type PaymentErrorKind,
} from '../../electron/main/services/payments/errors';
import type {
  WalletRefusalFacts,
  WalletRefusalKind,
} from '../../electron/main/services/wallet/refusal';
import { NOT_A_LINK_MESSAGE } from '../../electron/main/services/deep-links';
import { fileProblem } from '../../electron/main/services/file-problem';
import {
  KEYCHAIN_UNAVAILABLE_MESSAGE,
  WRONG_PASSWORD_MESSAGE,
} from '../../electron/main/services/keystore/errors';
import { methods } from '../../shared/ipc';
import { NotEnoughFundsError } from '../../shared/protocol/coins';
import { UNAVAILABLE_MESSAGE } from '../../shared/ipc/client';
import { problemsOf } from '../support/sentence-rules';

const ROOT = resolve(import.meta.dirname, '../..');

function expectSentence(text: string, where = ''): void {
  expect(problemsOf(text), `${where} ${JSON.stringify(text)}`).toEqual([]);
}

describe('the check itself', () => {
  it('refuses what is not a sentence', () => {
    for (const bad of [
      'the hub is down.',
      'The hub is down',
      'The value is undefined.',
      'Error: ECONNREFUSED.',
      'The file could not be read (EACCES).',
      'Not accepted: {"type": 1}.',
      'The value of recipients.0.amount is wrong.',
    ]) {
      expect(problemsOf(bad), bad).not.toEqual([]);
    }
    expect(problemsOf('That password does not open this wallet.')).toEqual([]);
  });
});

describe('fixed sentences', () => {
  it('the dispatcher, the client, the keystore, links and updates say them in words', () => {
    for (const [name, text] of Object.entries({
      FORBIDDEN_MESSAGE,
      LOCKED_MESSAGE,
      INTERNAL_MESSAGE,
      timeout: timeoutMessage(30_000),
      NOT_SAVED_MESSAGE,
      NOT_A_LINK_MESSAGE,
      WRONG_PASSWORD_MESSAGE,
      KEYCHAIN_UNAVAILABLE_MESSAGE,
      UNAVAILABLE_MESSAGE,
    })) {
      expectSentence(text, name);
    }
  });

  it('a file error is named in words inside a sentence, never by its code', () => {
    for (const code of ['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EISDIR', 'EIO', 'EXYZ']) {
      const words = fileProblem(Object.assign(new Error('x'), { code }));
      expectSentence(`The wallet file /tmp/w.json could not be saved: ${words}.`, code);
    }
    expect(fileProblem(new Error('no code'))).toBe('the system refused');
    expect(fileProblem(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('the disk is full');
  });
});

describe('refused params', () => {
  it('become a sentence naming the value, without zod words or a path', () => {
    const cases: Array<[string, unknown]> = [
      ['settings.update', { theme: 'purple' }],
      ['settings.update', { unit: 7 }],
      ['settings.update', 'dark'],
      ['settings.update', { devnetHubUrl: 'http://x' }],
    ];
    for (const [method, params] of cases) {
      const parsed = methods[method as 'settings.update'].params.safeParse(params);
      expect(parsed.success).toBe(false);
      if (parsed.success) continue;
      const text = describeIssues(parsed.error.issues);
      expectSentence(text, `${method} ${JSON.stringify(params)}`);
      expect(text).not.toMatch(/Invalid|expected .* received/);
    }
    const theme = methods['settings.update'].params.safeParse({ theme: 'purple' });
    expect(theme.success ? '' : describeIssues(theme.error.issues)).toBe(
      'Obyte Light could not use this request: the value “theme” is not in the form expected. Nothing was changed; please try again. The details are in the log file.',
    );
  });
});

/** Every .ts file under `dir`, tests aside. */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The argument that is the message, for each error class the page sees the message of. */
const MESSAGE_ARGUMENT: Readonly<Record<string, number>> = {
  UserFacingError: 0,
  KeystoreError: 1,
};

describe('every sentence thrown to the page', () => {
  it('is a sentence in words (each literal; the parts around a ${…} too)', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const file of [
      ...sourceFiles(join(ROOT, 'electron')),
      ...sourceFiles(join(ROOT, 'shared')),
    ]) {
      const source = ts.createSourceFile(
        file,
        readFileSync(file, 'utf8'),
        ts.ScriptTarget.Latest,
        true,
      );
      const visit = (node: ts.Node): void => {
        if (
          ts.isNewExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text in MESSAGE_ARGUMENT
        ) {
          const arg = node.arguments?.[MESSAGE_ARGUMENT[node.expression.text] ?? 0];
          let text: string | null = null;
          if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
            text = arg.text;
          } else if (arg && ts.isTemplateExpression(arg)) {
            // A value stands in for each ${…}: "X" (a name, a path, a sentence from elsewhere).
            text = arg.head.text + arg.templateSpans.map((s) => `X${s.literal.text}`).join('');
          }
          // A value that is a code, an error's raw text or JSON is not words either.
          const raw =
            arg && ts.isTemplateExpression(arg)
              ? arg.templateSpans
                  .map((s) => s.expression.getText(source))
                  .filter((e) =>
                    /errorCode\(|\.code\b|String\(err|JSON\.stringify|\.stack\b/.test(e),
                  )
              : [];
          if (text !== null) {
            checked += 1;
            const problems = [...raw.map((e) => `puts \${${e}} in`), ...problemsOf(text)].filter(
              // A message that ends with a value ("… ${reason}") is judged by that value.
              (p) => !(p === 'does not end with a full stop' && text.endsWith('X')),
            );
            if (problems.length > 0) {
              const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
              bad.push(`${relative(ROOT, file)}:${line}: ${problems.join(', ')}: ${text}`);
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // The walk found the app's sentences (not an empty pass).
    expect(checked).toBeGreaterThan(30);
    expect(bad).toEqual([]);
  });
});

/** One refusal of each kind, with facts as the services give them. */
const REFUSALS: { readonly [K in WalletRefusalKind]: Extract<WalletRefusalFacts, { kind: K }> } = {
  service: { kind: 'service', sentence: 'That password does not open this wallet.' },
  payment: { kind: 'payment', payment: { kind: 'locked' } },
  textcoin: { kind: 'textcoin', textcoin: { kind: 'sealed' } },
  wallet: { kind: 'wallet', wallet: { kind: 'no-address' } },
  accounts: { kind: 'accounts', accounts: { kind: 'too-many', max: 100 } },
  'draft-gone': { kind: 'draft-gone' },
  'no-wallet': { kind: 'no-wallet' },
  unreadable: { kind: 'unreadable', problem: 'The wallet file is damaged.' },
  'no-account': { kind: 'no-account', account: 3, known: [0, 1] },
  'hide-current-account': { kind: 'hide-current-account' },
  'asset-not-held': {
    kind: 'asset-not-held',
    asset: 'oXe8KLuZPLTpQ8n3x+7/1XK5+xpjXzu8RJ3w2FvQd2g=',
  },
  'amount-not-positive': { kind: 'amount-not-positive' },
  'not-an-amount': {
    kind: 'not-an-amount',
    text: 'ten',
    name: null,
    problem: 'An amount is digits with at most one decimal point.',
  },
  'data-twice': { kind: 'data-twice' },
  'bad-data': { kind: 'bad-data', problem: 'The data is not a JSON object.' },
  'bad-recipient': {
    kind: 'bad-recipient',
    index: 1,
    count: 2,
    problem: 'This is not a valid Obyte address.',
  },
  funds: {
    kind: 'funds',
    shortage: new NotEnoughFundsError({
      asset: 'base',
      needed: 1_200_000_000,
      available: 600_000_000,
      notYetSpendable: 100_000_000,
      tooManyCoins: true,
    }),
    asset: { asset: 'base', name: 'GBYTE', decimals: 9 },
    unit: 'GBYTE',
  },
};

describe('every refusal of the wallet', () => {
  it('is worded as a sentence', () => {
    for (const facts of Object.values(REFUSALS)) expectSentence(walletSentence(facts), facts.kind);
    expect(walletSentence(REFUSALS['no-account'])).toBe(
      'This wallet has no account 3 (it has 0, 1).',
    );
    expect(walletSentence({ kind: 'no-account', account: 3 })).toBe(
      'This wallet has no account 3.',
    );
    expect(walletSentence(REFUSALS['bad-recipient'])).toBe(
      'Recipient 2: This is not a valid Obyte address.',
    );
    expect(walletSentence({ ...REFUSALS['bad-recipient'], index: 0, count: 1 })).toBe(
      'Recipient: This is not a valid Obyte address.',
    );
    expect(walletSentence(REFUSALS.funds)).toBe(
      'Not enough GBYTE: this payment needs 1.2 GBYTE with its fees, but 0.6 GBYTE can be spent (0.6 GBYTE short). It would take too many coins: send a smaller amount first to merge them. Another 0.1 GBYTE is not confirmed yet.',
    );
  });
});

describe('a shortage that is mostly the TPS fee', () => {
  // The devnet hub's burst (2026-12-08): 435637 bytes of TPS fee for an AA trigger.
  const bytes = { asset: 'base', name: 'GBYTE', decimals: 9 } as const;
  const busy = (available: number, tpsFee: number): NotEnoughFundsError =>
    new NotEnoughFundsError({ asset: 'base', needed: 463_493, available, tpsFee });

  it('says so, and that it passes, when the coins suffice without it', () => {
    const funds = { kind: 'funds', shortage: busy(272_296, 435_637), asset: bytes } as const;
    expect(walletSentence({ ...funds, unit: 'bytes' })).toBe(
      "Not enough bytes: this payment needs 463493 bytes with its fees, but 272296 bytes can be spent (191197 bytes short). Most of it is the network's TPS fee (435637 bytes), which is high right now because the network is busy; it usually falls within a minute — try again shortly.",
    );
    expect(walletSentence({ ...funds, unit: 'KB' })).toContain(
      "Most of it is the network's TPS fee (435.637 KB)",
    );
    expect(paymentSentence({ kind: 'not-enough', shortage: busy(272_296, 435_637) })).toBe(
      "Not enough bytes: this payment needs 463493 bytes, but 272296 are spendable (191197 short). Most of it is the network's TPS fee (435637 bytes), which is high right now because the network is busy; it usually falls within a minute — try again shortly.",
    );
  });

  it('says what would still be missing when waiting is not enough', () => {
    const shortage = busy(10_000, 435_637);
    expect(walletSentence({ kind: 'funds', shortage, asset: bytes, unit: 'bytes' })).toBe(
      "Not enough bytes: this payment needs 463493 bytes with its fees, but 10000 bytes can be spent (453493 bytes short). Most of it is the network's TPS fee (435637 bytes), which is high right now because the network is busy; it usually falls within a minute, but even without it this payment would be 17856 bytes short.",
    );
  });

  it('says nothing of it when it is less than half of what is needed', () => {
    // 231,746 × 2 = 463,492: one byte short of half.
    const shortage = busy(272_296, 231_746);
    expect(walletSentence({ kind: 'funds', shortage, asset: bytes, unit: 'bytes' })).toBe(
      'Not enough bytes: this payment needs 463493 bytes with its fees, but 272296 bytes can be spent (191197 bytes short).',
    );
    expect(paymentSentence({ kind: 'not-enough', shortage })).not.toMatch(/TPS/);
    expect(
      walletSentence({
        kind: 'funds',
        shortage: busy(272_296, 231_747),
        asset: bytes,
        unit: 'bytes',
      }),
    ).toMatch(/TPS fee \(231747 bytes\).* try again shortly\.$/);
  });
});

const ADDRESS = 'BVVJ2K7ENPZZ3VYZFWQWK7ISPCATFIW3';
const ASSET = 'oXe8KLuZPLTpQ8n3x+7/1XK5+xpjXzu8RJ3w2FvQd2g=';

/**
 * One refusal of the payment services of each kind, with the words the page and the command line
 * show for it (the same words the service threw before it gave facts).
 */
const PAYMENT_REFUSALS: {
  readonly [K in PaymentErrorKind]: readonly [Extract<PaymentErrorFacts, { kind: K }>, string];
} = {
  'bad-address': [
    { kind: 'bad-address', role: 'receiving', problem: 'This is not a valid Obyte address.' },
    'The receiving address: This is not a valid Obyte address.',
  ],
  'not-own-address': [
    { kind: 'not-own-address', address: ADDRESS },
    `${ADDRESS} is not an address of this wallet.`,
  ],
  'foreign-coin': [
    { kind: 'foreign-coin', address: ADDRESS },
    `A coin to sweep belongs to ${ADDRESS}.`,
  ],
  'nothing-spendable': [
    { kind: 'nothing-spendable', address: ADDRESS },
    `${ADDRESS} holds nothing that can be spent now.`,
  ],
  'from-not-own': [
    { kind: 'from-not-own', address: ADDRESS },
    `This payment must come from ${ADDRESS}, which is not an address of this wallet: it cannot be paid from here.`,
  ],
  'no-single-address': [
    { kind: 'no-single-address' },
    'This payment must come from a single address, and no address of this wallet holds enough for it alone.',
  ],
  'no-recipient': [{ kind: 'no-recipient' }, 'Add a recipient.'],
  'send-all-one-recipient': [
    { kind: 'send-all-one-recipient' },
    'Send all pays exactly one recipient.',
  ],
  'send-all-bytes-only': [{ kind: 'send-all-bytes-only' }, 'Only bytes can be sent all at once.'],
  'send-all-amount': [
    { kind: 'send-all-amount' },
    'With send all the amount is what remains after fees.',
  ],
  'recipient-address': [
    {
      kind: 'recipient-address',
      index: 1,
      count: 3,
      problem: 'This is not a valid Obyte address.',
    },
    'Recipient 2: This is not a valid Obyte address.',
  ],
  'recipient-asset': [
    { kind: 'recipient-asset', index: 0, count: 1, problem: 'An asset id has 44 characters.' },
    'Recipient: An asset id has 44 characters.',
  ],
  'unknown-asset': [
    { kind: 'unknown-asset', index: 0, count: 1, asset: ASSET },
    `Recipient: the asset ${ASSET} is unknown to this wallet (it holds none of it).`,
  ],
  'no-amount': [{ kind: 'no-amount', index: 2, count: 3 }, 'Recipient 3: enter an amount.'],
  'fractional-amount': [
    { kind: 'fractional-amount', index: 0, count: 1, amount: 1.5 },
    'Recipient: 1.5 is not a whole number of the smallest unit.',
  ],
  'amount-not-positive': [
    { kind: 'amount-not-positive', index: 0, count: 2 },
    'Recipient 1: the amount must be positive.',
  ],
  'amount-above-max': [
    { kind: 'amount-above-max', index: 0, count: 1 },
    'Recipient: the amount is above the network maximum of 9e15.',
  ],
  'not-enough': [
    {
      kind: 'not-enough',
      shortage: new NotEnoughFundsError({ asset: 'base', needed: 1_500, available: 0 }),
    },
    'Not enough bytes: this payment needs 1500 bytes, but 0 are spendable (1500 short).',
  ],
  protocol: [
    { kind: 'protocol', field: 'amount', problem: 'The change would be negative.' },
    'The change would be negative.',
  ],
  'hub-unavailable': [
    { kind: 'hub-unavailable', reason: null },
    'The payment cannot be prepared: the connection to the hub was lost. Nothing was signed; try again when the hub answers.',
  ],
  'hub-parents': [
    { kind: 'hub-parents', problem: 'The hub sent no parents.' },
    'The hub could not give parents for a new unit: The hub sent no parents.',
  ],
  'hub-coins': [
    { kind: 'hub-coins', problem: 'The hub did not answer in 30 s.' },
    'The hub could not pick coins: The hub did not answer in 30 s.',
  ],
  'preview-gone': [
    { kind: 'preview-gone' },
    'This preview has expired or was already sent: preview the payment again.',
  ],
  'would-bounce': [
    { kind: 'would-bounce', reason: 'price moved' },
    'Not sent: this payment would bounce (price moved). Confirm separately that you accept the bounce and its cost, or change the payment.',
  ],
  'no-signer': [{ kind: 'no-signer', problem: 'The wallet is locked.' }, 'The wallet is locked.'],
  locked: [{ kind: 'locked' }, 'The wallet is locked. Unlock it to continue.'],
  'bad-data': [
    { kind: 'bad-data', problem: 'The data is an empty object.' },
    'The data is an empty object. Nothing was signed.',
  ],
  aa: [
    { kind: 'aa', aa: { kind: 'dry-run-timeout', aa: ADDRESS, seconds: 30 } },
    `The hub did not finish the dry run of ${ADDRESS} within 30 s. Nothing was signed.`,
  ],
  'coins-locked': [
    { kind: 'coins-locked', problem: 'A coin is already spent by the payment in the outbox.' },
    'A coin is already spent by the payment in the outbox. Preview the payment again.',
  ],
  'network-refused': [
    { kind: 'network-refused', hubMessage: 'wrong headers commission' },
    'The network refused the payment: wrong headers commission',
  ],
};

describe('every refusal of the payment services', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(PAYMENT_REFUSALS)) {
      expect(paymentSentence(facts), facts.kind).toBe(words);
      // The page and the command line get them through the wallet's refusal.
      expect(walletSentence({ kind: 'payment', payment: facts }), facts.kind).toBe(words);
    }
  });

  it('keeps the code each kind had', () => {
    const code = (facts: PaymentErrorFacts): string => new PaymentError(facts).code;
    expect(code(PAYMENT_REFUSALS['preview-gone'][0])).toBe('preview');
    expect(code(PAYMENT_REFUSALS['no-signer'][0])).toBe('locked');
    expect(code(PAYMENT_REFUSALS['coins-locked'][0])).toBe('coins_locked');
    expect(code(PAYMENT_REFUSALS['network-refused'][0])).toBe('rejected');
    expect(code(PAYMENT_REFUSALS['nothing-spendable'][0])).toBe('funds');
    expect(code(PAYMENT_REFUSALS.protocol[0])).toBe('amount');
    expect(code({ kind: 'protocol', field: 'asset', problem: 'x' })).toBe('asset');
  });
});

/**
 * One refusal of the textcoin service of each kind, with the words the page and the command line
 * show for it (the same words the service threw before it gave facts).
 */
const TEXTCOIN_REFUSALS: {
  readonly [K in TextcoinErrorKind]: readonly [Extract<TextcoinErrorFacts, { kind: K }>, string];
} = {
  'bad-asset': [{ kind: 'bad-asset' }, 'The asset must be "base" (bytes) or a 44-character id.'],
  'bad-amount': [{ kind: 'bad-amount' }, 'A textcoin must carry a positive whole amount.'],
  'amount-above-max': [
    { kind: 'amount-above-max' },
    'The amount is above the network maximum of 9e15.',
  ],
  'funding-refused': [
    { kind: 'funding-refused', problem: 'The claim fee is above the amount.' },
    'The textcoin cannot be prepared: the claim fee is above the amount. Nothing was signed.',
  ],
  'tps-floor-refused': [
    { kind: 'tps-floor-refused', problem: 'the system variables have no base_tps_fee.' },
    'The textcoin cannot be prepared: the system variables have no base_tps_fee. Nothing was signed.',
  ],
  'no-fee-estimate': [
    { kind: 'no-fee-estimate', problem: 'the hub did not answer' },
    'The textcoin cannot be prepared: the hub did not give its fee estimate (the hub did not answer). Nothing was signed.',
  ],
  blackbytes: [
    { kind: 'blackbytes' },
    'Blackbytes are a private asset and cannot be sent as a textcoin: a textcoin carries bytes or a divisible public asset. Nothing was sent.',
  ],
  'asset-not-seen': [
    { kind: 'asset-not-seen', asset: ASSET },
    `This wallet has seen no public payment in the asset ${ASSET}: it holds none of it, or it is a private asset, which cannot be sent as a textcoin. Nothing was sent.`,
  ],
  'asset-indivisible': [
    { kind: 'asset-indivisible', asset: ASSET },
    `The asset ${ASSET} is indivisible (fixed denominations) and cannot be sent as a textcoin: a textcoin carries bytes or a divisible public asset. Nothing was sent.`,
  ],
  'send-preview-gone': [
    { kind: 'send-preview-gone' },
    'This textcoin preview has expired or was already sent: preview it again.',
  ],
  'claim-preview-gone': [
    { kind: 'claim-preview-gone' },
    'This claim preview has expired or was already sent: preview it again.',
  ],
  'bad-input': [
    { kind: 'bad-input', problem: 'Paste a textcoin: its link or its 12 words.' },
    'Paste a textcoin: its link or its 12 words.',
  ],
  claimed: [
    { kind: 'claimed', address: ADDRESS },
    `This textcoin was already claimed: its address ${ADDRESS} holds nothing any more.`,
  ],
  empty: [
    { kind: 'empty', address: ADDRESS },
    `This textcoin holds nothing: no payment to its address ${ADDRESS} is known to the hub. It was never funded, or the payment has not reached the hub yet.`,
  ],
  'not-sent-here': [
    { kind: 'not-sent-here', address: ADDRESS },
    `${ADDRESS} is not a textcoin this wallet sent.`,
  ],
  sealed: [
    { kind: 'sealed' },
    'The words of this textcoin cannot be opened with this wallet (the database was copied from another wallet, or damaged).',
  ],
  'hub-history': [
    { kind: 'hub-history', problem: 'The hub did not answer in 30 s.' },
    'The hub could not say what this textcoin holds: The hub did not answer in 30 s. Nothing was signed.',
  ],
  verification: [
    { kind: 'verification', problem: 'A unit hash is wrong.' },
    "The hub's answer about this textcoin failed verification: A unit hash is wrong. Nothing was signed.",
  ],
};

describe('every refusal of the textcoin service', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(TEXTCOIN_REFUSALS)) {
      expect(textcoinSentence(facts), facts.kind).toBe(words);
      expect(walletSentence({ kind: 'textcoin', textcoin: facts }), facts.kind).toBe(words);
    }
  });

  it('keeps the code each kind had, and no pasted words in the log message', () => {
    const error = (facts: TextcoinErrorFacts): TextcoinError => new TextcoinError(facts);
    expect(error(TEXTCOIN_REFUSALS['funding-refused'][0]).code).toBe('hub');
    expect(error(TEXTCOIN_REFUSALS['claim-preview-gone'][0]).code).toBe('preview');
    expect(error(TEXTCOIN_REFUSALS['not-sent-here'][0]).code).toBe('unknown');
    expect(error(TEXTCOIN_REFUSALS.blackbytes[0]).code).toBe('input');
    const pasted = error({ kind: 'bad-input', problem: '"wheel" is not a word of the list.' });
    expect(pasted.code).toBe('input');
    expect(pasted.message).not.toContain('wheel');
  });
});

/**
 * One refusal of the AA service of each kind, with the words the page and the command line show
 * for it (the same words the service threw before it gave facts).
 */
const AA_REFUSALS: {
  readonly [K in AaErrorKind]: readonly [Extract<AaErrorFacts, { kind: K }>, string];
} = {
  'lying-hub': [
    { kind: 'lying-hub', problem: 'The definition the hub sent belongs to another address.' },
    'The definition the hub sent belongs to another address.',
  ],
  malformed: [
    { kind: 'malformed', problem: 'The dry run answer is not a list.' },
    'The dry run answer is not a list.',
  ],
  timeout: [
    { kind: 'timeout', question: { asked: 'kind', address: ADDRESS } },
    `The hub did not answer which kind of address ${ADDRESS} is in time.`,
  ],
  'dry-run-timeout': [
    { kind: 'dry-run-timeout', aa: ADDRESS, seconds: 30 },
    `The hub did not finish the dry run of ${ADDRESS} within 30 s.`,
  ],
  'not-an-aa': [
    { kind: 'not-an-aa' },
    'The hub says this is not an autonomous agent (or its definition is not stable yet).',
  ],
  'several-aas': [
    { kind: 'several-aas', addresses: [ADDRESS, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'] },
    `A payment may go to one autonomous agent only; this one pays 2 (${ADDRESS}, AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA).`,
  ],
  'hub-refused': [
    { kind: 'hub-refused', question: { asked: 'state-vars' }, hubMessage: 'no such AA' },
    'The hub refused the state variables: no such AA',
  ],
  'hub-failed': [
    {
      kind: 'hub-failed',
      question: { asked: 'definition', address: ADDRESS },
      problem: 'The connection to the hub was lost.',
    },
    `The hub could not answer the definition of ${ADDRESS}: The connection to the hub was lost.`,
  ],
};

/** Every question the AA service asks the hub, as the refusals name it. */
const AA_QUESTIONS: ReadonlyArray<readonly [AaQuestion, string]> = [
  [{ asked: 'kind', address: ADDRESS }, `which kind of address ${ADDRESS} is`],
  [{ asked: 'definition', address: ADDRESS }, `the definition of ${ADDRESS}`],
  [{ asked: 'dry-run' }, 'the dry run'],
  [{ asked: 'state-vars' }, 'the state variables'],
  [{ asked: 'balances' }, 'the balances'],
  [{ asked: 'responses' }, 'the recent responses'],
  [{ asked: 'attestations' }, 'the attestations'],
  [{ asked: 'trigger-responses' }, 'the responses to the trigger'],
];

describe('every refusal of the AA service', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(AA_REFUSALS)) {
      expect(aaSentence(facts), facts.kind).toBe(words);
    }
    for (const [question, words] of AA_QUESTIONS) {
      expect(aaSentence({ kind: 'timeout', question })).toBe(
        `The hub did not answer ${words} in time.`,
      );
    }
  });

  it('keeps the code each kind had', () => {
    const code = (facts: AaErrorFacts): string => new AaError(facts).code;
    expect(code(AA_REFUSALS['lying-hub'][0])).toBe('lying_hub');
    expect(code(AA_REFUSALS['dry-run-timeout'][0])).toBe('timeout');
    expect(code(AA_REFUSALS['several-aas'][0])).toBe('not_aa');
    expect(code(AA_REFUSALS['hub-failed'][0])).toBe('hub');
  });
});

/**
 * One refusal of the backup service of each kind, with the words the page and the command line
 * show for it (the same words the service threw before it gave facts).
 */
const BACKUP_REFUSALS: {
  readonly [K in BackupErrorKind]: readonly [Extract<BackupErrorFacts, { kind: K }>, string];
} = {
  format: [
    { kind: 'format', problem: 'That password does not open this backup.' },
    'That password does not open this backup.',
  ],
  'weak-password': [
    {
      kind: 'weak-password',
      problem:
        'That password has 5 characters; a wallet password needs at least 10 (a few words you can remember are best).',
    },
    'That password has 5 characters; a backup password needs at least 10 (a few words you can remember are best).',
  ],
  'target-is-folder': [
    { kind: 'target-is-folder', path: '/home/me/backups' },
    'The path /home/me/backups is a folder: give a file name for the backup.',
  ],
  'not-a-file': [{ kind: 'not-a-file', path: '/dev/null' }, 'The path /dev/null is not a file.'],
  'no-file': [
    { kind: 'no-file', path: '/home/me/w.obyte-backup' },
    'There is no file /home/me/w.obyte-backup.',
  ],
  unreadable: [
    { kind: 'unreadable', path: '/home/me/w.obyte-backup', problem: 'Obyte Light may not read it' },
    'The file /home/me/w.obyte-backup could not be read: Obyte Light may not read it. Check the file and choose it again.',
  ],
  'too-large': [
    { kind: 'too-large' },
    'This file is not an Obyte Light backup: it is far too large to be one. Nothing was changed.',
  ],
  'missing-section': [
    { kind: 'missing-section', section: 'keystore' },
    'This backup has no keystore section, so it cannot bring the wallet back. Nothing was changed.',
  ],
  'section-refused': [
    { kind: 'section-refused', problem: 'accounts entry 2 has no name' },
    'This backup cannot be imported: accounts entry 2 has no name. Nothing was changed.',
  ],
  'wallet-exists': [
    { kind: 'wallet-exists', network: 'testnet' },
    'There is already a wallet on testnet in this data folder. Nothing was changed. A backup is imported into a fresh install (or a new data folder: --data-dir on the command line).',
  ],
};

describe('every refusal of the backup service', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(BACKUP_REFUSALS)) {
      expect(backupSentence(facts), facts.kind).toBe(words);
    }
  });

  it('reaches the page as a refusal in those words', async () => {
    const { logger } = recordingLogger();
    const dispatcher = new IpcDispatcher({
      handlers: {
        'backup.chooseFile': () => {
          throw new BackupError(BACKUP_REFUSALS['no-file'][0]);
        },
      } as unknown as Handlers,
      isTrustedSender: () => true,
      isWalletUnlocked: () => true,
      logger,
    });
    expect(
      await dispatcher.dispatch('backup.chooseFile', undefined, {
        url: 'app://obyte/',
        isMainFrame: true,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'There is no file /home/me/w.obyte-backup.' },
    });
  });
});

/**
 * One refusal of the wallet service of each kind, with the words the page and the command line
 * show for it (the same words the service threw before it gave facts).
 */
const WALLET_SERVICE_REFUSALS: {
  readonly [K in WalletErrorKind]: readonly [Extract<WalletErrorFacts, { kind: K }>, string];
} = {
  'locked-account': [
    { kind: 'locked-account', account: 2 },
    'Unlock the wallet to derive the addresses of account 2.',
  ],
  'no-address': [{ kind: 'no-address' }, 'No address could be derived.'],
  'discovery-stopped': [
    { kind: 'discovery-stopped', problem: 'The connection to the hub was lost.' },
    'Address discovery stopped: The connection to the hub was lost.',
  ],
  'history-unverified': [
    { kind: 'history-unverified', problem: 'A unit hash is wrong.' },
    'The hub sent history that failed verification: A unit hash is wrong.',
  ],
  'cannot-sign-for': [
    { kind: 'cannot-sign-for', address: ADDRESS },
    `${ADDRESS} is not an address of this wallet: it cannot sign for it.`,
  ],
  'empty-message': [{ kind: 'empty-message' }, 'The message to sign is empty.'],
  'message-too-long': [
    { kind: 'message-too-long', length: 10_001, max: 10_000 },
    'The message has 10001 characters; at most 10000 can be signed, so that all of it can be shown before signing.',
  ],
  'invisible-characters': [
    { kind: 'invisible-characters' },
    'The message holds invisible or text-direction characters, so what you read would not be all that is signed: it cannot be signed.',
  ],
  'signing-expired': [
    { kind: 'signing-expired' },
    'This signing request has expired or was already used: review the message again.',
  ],
};

describe('every refusal of the wallet service', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(WALLET_SERVICE_REFUSALS)) {
      expect(walletServiceSentence(facts), facts.kind).toBe(words);
      expect(walletSentence({ kind: 'wallet', wallet: facts }), facts.kind).toBe(words);
    }
    expect(new WalletError(WALLET_SERVICE_REFUSALS['locked-account'][0]).code).toBe('locked');
    expect(new WalletError(WALLET_SERVICE_REFUSALS['history-unverified'][0]).code).toBe(
      'verification',
    );
    expect(new WalletError(WALLET_SERVICE_REFUSALS['discovery-stopped'][0]).code).toBe('hub');
    expect(new WalletError(WALLET_SERVICE_REFUSALS['signing-expired'][0]).code).toBe('input');
  });
});

/** Why no account can be added, of each kind, with the words the page and the command line show. */
const ACCOUNTS_REFUSALS: {
  readonly [K in AccountsErrorKind]: readonly [Extract<AccountsErrorFacts, { kind: K }>, string];
} = {
  'too-many': [{ kind: 'too-many', max: 100 }, 'A wallet has at most 100 accounts here.'],
  'too-many-unused': [
    { kind: 'too-many-unused', unused: 3, lookahead: 3 },
    'There are already 3 accounts that have received nothing. Receive a payment in one of them first: restoring from the recovery phrase looks only 3 unused accounts ahead, so a new one now might not come back.',
  ],
};

describe('every refusal to add an account', () => {
  it('is worded as before, for the page and the command line alike', () => {
    for (const [facts, words] of Object.values(ACCOUNTS_REFUSALS)) {
      expect(accountsSentence(facts), facts.kind).toBe(words);
      expect(walletSentence({ kind: 'accounts', accounts: facts }), facts.kind).toBe(words);
    }
  });
});
