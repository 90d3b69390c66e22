/**
 * The handler table and its checks, shared by the Electron ipc and the test bridge. Every call
 * goes: method known -> sender trusted -> params parsed -> capability -> handler -> result
 * parsed -> reply. Nothing thrown inside reaches the page except a UserFacingError's sentence, or
 * a WalletRefusal's or a BackupError's facts, worded here (wallet-sentences.ts,
 * backup-sentences.ts).
 */
import type { z } from 'zod';
import {
  fail,
  isMethodName,
  methods,
  ok,
  UserFacingError,
  type IpcReply,
  type MethodName,
  type Methods,
  type ResultOf,
} from '../../../shared/ipc';
import { BackupError } from '../services/backup/errors';
import type { Logger } from '../services/logger';
import { WalletRefusal } from '../services/wallet/refusal';
import { backupSentence } from './backup-sentences';
import type { Sender } from './sender';
import { walletSentence } from './wallet-sentences';

type ParsedParams<N extends MethodName> = z.output<Methods[N]['params']>;

export type Handlers = {
  readonly [N in MethodName]: (params: ParsedParams<N>) => Promise<ResultOf<N>> | ResultOf<N>;
};

export const FORBIDDEN_MESSAGE = 'This request did not come from the Obyte Light window.';
export const LOCKED_MESSAGE =
  'This needs an unlocked wallet, and no wallet is unlocked. Create, restore or unlock a wallet first.';
export const DEFAULT_TIMEOUT_MS = 30_000;

export function timeoutMessage(ms: number): string {
  return `Obyte Light did not finish this in ${Math.max(1, Math.round(ms / 1000))} s. Please try again.`;
}

export const INTERNAL_MESSAGE =
  'Something went wrong inside Obyte Light. Please try again; the details are in the log file.';

/**
 * Turns validation issues into sentences. Our schemas' messages are sentences already and are
 * kept; zod's own ("Invalid input: expected number, received string", at "recipients.0.amount")
 * are not for the user: they become one sentence naming the value in words, and the details go
 * to the log (`run` logs them).
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const sentences: string[] = [];
  for (const issue of issues.slice(0, 3)) {
    if (/^["“A-Z].*\.$/s.test(issue.message)) {
      if (!sentences.includes(issue.message)) sentences.push(issue.message);
      continue;
    }
    const name = [...issue.path].reverse().find((part) => typeof part === 'string');
    const words =
      name === undefined
        ? 'Obyte Light could not use this request: it is not in the form expected.'
        : `Obyte Light could not use this request: the value “${name.replace(/[^A-Za-z0-9 ]/g, ' ').slice(0, 40)}” is not in the form expected.`;
    if (!sentences.includes(words)) sentences.push(words);
  }
  const generic = sentences.some((s) => s.startsWith('Obyte Light could not use this request'));
  return generic
    ? `${sentences.join(' ')} Nothing was changed; please try again. The details are in the log file.`
    : sentences.join(' ');
}

export class IpcDispatcher {
  private readonly handlers: Handlers;
  private readonly isTrustedSender: (sender: Sender) => boolean;
  private readonly isWalletUnlocked: () => boolean;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly onCall: ((method: MethodName) => void) | undefined;
  private readonly pausedFor: (() => string | null) | undefined;

  constructor(deps: {
    handlers: Handlers;
    isTrustedSender: (sender: Sender) => boolean;
    isWalletUnlocked: () => boolean;
    logger: Logger;
    /** A handler still running after this long is answered with `timeout`. */
    timeoutMs?: number;
    /** Told of every accepted call from the app's page (user activity resets auto-lock). */
    onCall?: (method: MethodName) => void;
    /**
     * A sentence while main's databases are briefly closed (a backup import): a handler that
     * fails then, or that was called then, is answered with it instead of the internal error.
     */
    pausedFor?: () => string | null;
  }) {
    this.onCall = deps.onCall;
    this.pausedFor = deps.pausedFor;
    this.handlers = deps.handlers;
    this.isTrustedSender = deps.isTrustedSender;
    this.isWalletUnlocked = deps.isWalletUnlocked;
    this.logger = deps.logger;
    this.timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async dispatch(method: unknown, params: unknown, sender: Sender): Promise<IpcReply<unknown>> {
    if (!isMethodName(method)) {
      const name = typeof method === 'string' ? method.slice(0, 80) : `(${typeof method})`;
      this.logger.warn('Refused an unknown IPC method', { method: name });
      return fail('unknown_method', 'Obyte Light does not know this request.');
    }
    if (!this.isTrustedSender(sender)) {
      this.logger.warn('Refused an IPC call from a foreign sender', { method, url: sender.url });
      return fail('forbidden_sender', FORBIDDEN_MESSAGE);
    }
    return this.run(method, params);
  }

  private async run<N extends MethodName>(method: N, params: unknown): Promise<IpcReply<unknown>> {
    const spec: Methods[N] = methods[method];
    const parsedParams = spec.params.safeParse(params);
    if (!parsedParams.success) {
      this.logger.warn('IPC params refused', {
        method,
        issues: parsedParams.error.issues
          .slice(0, 5)
          .map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      });
      return fail('invalid_params', describeIssues(parsedParams.error.issues));
    }
    if (spec.needsUnlockedWallet && !this.isWalletUnlocked()) {
      return fail('wallet_locked', LOCKED_MESSAGE);
    }
    try {
      this.onCall?.(method);
    } catch (error) {
      this.logger.warn('The IPC call hook failed', { method, error });
    }
    const pausedAtCall = this.pausedFor?.() ?? null;
    let value: unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = Symbol('timeout');
    try {
      const handler = this.handlers[method] as (params: unknown) => unknown;
      const deadline = new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), this.timeoutMs);
      });
      value = await Promise.race([
        Promise.resolve().then(() => handler(parsedParams.data)),
        deadline,
      ]);
      if (value === timedOut) {
        this.logger.warn('An IPC handler did not finish in time', { method, ms: this.timeoutMs });
        return fail('timeout', timeoutMessage(this.timeoutMs));
      }
    } catch (error) {
      if (error instanceof UserFacingError) return fail(error.code, error.message);
      if (error instanceof WalletRefusal) return fail('rejected', walletSentence(error.facts));
      if (error instanceof BackupError) return fail('rejected', backupSentence(error.facts));
      const paused = pausedAtCall ?? this.pausedFor?.() ?? null;
      if (paused !== null) {
        this.logger.info('An IPC call failed while the databases were closed', { method, error });
        return fail('rejected', paused);
      }
      this.logger.error('An IPC handler failed', { method, error });
      return fail('internal', INTERNAL_MESSAGE);
    } finally {
      clearTimeout(timer);
    }
    const parsedResult = spec.result.safeParse(value);
    if (!parsedResult.success) {
      this.logger.error('An IPC handler returned a value outside its schema', {
        method,
        issues: parsedResult.error.issues.map((i) => ({ path: i.path, message: i.message })),
      });
      return fail('invalid_result', INTERNAL_MESSAGE);
    }
    return ok(parsedResult.data);
  }
}
