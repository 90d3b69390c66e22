/**
 * Onboarding's recovery phrase before the wallet is written: a new phrase and the positions of
 * the words to ask back. One draft at a time, for 30 minutes; it lives only in memory.
 *
 * Trust: the phrase leaves main once, in `create`'s answer; nothing here logs it.
 */
import { toBase64 } from '../../../../shared/protocol/bytes';
import { generateMnemonic } from '../../../../shared/protocol/mnemonic';
import type { Clock } from '../clock';
import type { RandomSource } from '../random';
import { WalletRefusal } from './refusal';

const DRAFT_TTL_MS = 30 * 60 * 1000;
const ASK_WORDS = 3;

interface Draft {
  readonly id: string;
  readonly mnemonic: string;
  readonly positions: readonly number[];
  readonly createdAt: number;
}

export class BackupDrafts {
  private readonly random: RandomSource;
  private readonly clock: Clock;
  private draft: Draft | null = null;

  constructor(options: { random: RandomSource; clock: Clock }) {
    this.random = options.random;
    this.clock = options.clock;
  }

  /** A new recovery phrase and the positions to ask back (it replaces any earlier draft). */
  create(): { draftId: string; mnemonic: string; askPositions: number[] } {
    const entropy = this.random.randomBytes(16);
    const mnemonic = generateMnemonic(entropy);
    entropy.fill(0);
    const positions = new Set<number>();
    const words = mnemonic.split(' ').length;
    while (positions.size < ASK_WORDS) {
      const [byte = 0] = this.random.randomBytes(1);
      positions.add((byte % words) + 1);
    }
    const id = toBase64(this.random.randomBytes(12));
    const askPositions = [...positions].sort((a, b) => a - b);
    this.draft = { id, mnemonic, positions: askPositions, createdAt: this.clock.now() };
    return { draftId: id, mnemonic, askPositions };
  }

  /**
   * The draft's phrase and the asked positions whose answer is wrong; refuses (draft-gone) a
   * draft that is not the one waiting or is too old.
   */
  check(
    draftId: string,
    answers: readonly { position: number; word: string }[],
  ): { mnemonic: string; wrongPositions: number[] } {
    const draft = this.draft;
    if (
      draft === null ||
      draft.id !== draftId ||
      this.clock.now() - draft.createdAt > DRAFT_TTL_MS
    ) {
      throw new WalletRefusal({ kind: 'draft-gone' });
    }
    const words = draft.mnemonic.split(' ');
    const given = new Map(answers.map((a) => [a.position, a.word.trim().toLowerCase()]));
    const wrongPositions = draft.positions.filter((p) => given.get(p) !== words[p - 1]);
    return { mnemonic: draft.mnemonic, wrongPositions };
  }

  /** Forgets the draft (the wallet was written, or restored from another phrase). */
  clear(): void {
    this.draft = null;
  }
}
