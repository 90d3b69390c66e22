/**
 * Main's confirmation dialog as a test sees it: every question kept, each answered with
 * `answer` (yes unless the test says otherwise, and the test may change it between calls).
 */
import type {
  ConfirmRequest,
  UserConfirmation,
} from '../../electron/main/services/user-confirmation';

export class RecordingConfirmation implements UserConfirmation {
  /** Every question put, in order: asked, and verified in person. */
  readonly asked: ConfirmRequest[] = [];
  /** The questions that asked for a confirmation in person (Touch ID or main's dialog). */
  readonly verified: (ConfirmRequest & { reason: string })[] = [];

  /** The answer to every question. */
  answer: boolean;

  constructor(answer = true) {
    this.answer = answer;
  }

  ask(request: ConfirmRequest): Promise<boolean> {
    this.asked.push(request);
    return Promise.resolve(this.answer);
  }

  verify(request: ConfirmRequest & { reason: string }): Promise<boolean> {
    this.verified.push(request);
    return this.ask(request);
  }
}
