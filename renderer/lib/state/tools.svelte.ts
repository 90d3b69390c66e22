/**
 * The Tools screen: sign a message with an address of the wallet (main holds exactly what is
 * signed and, in the app, asks in its own dialog), verify a signed message, look up what an
 * autonomous agent is (definition, state, balances, recent responses) and the attestations of an
 * address. Everything the hub says is labelled as its word on screen.
 */
import type {
  AaDetailsView,
  AaStateView,
  AttestationListView,
  PreparedSignatureView,
  VerifyResultView,
} from '../../../shared/ipc/aa-schemas';
import type { ObyteApi } from '../../../shared/ipc/client';

/** A bot's sign-message request, carried from the chat to this screen. */
export interface SignRequest {
  readonly message: string;
  readonly networkAware: boolean;
  /** The correspondent to send the signed message back to. */
  readonly replyTo: string;
  readonly from: string;
}

export class ToolsState {
  // Sign
  signAddress = $state('');
  signText = $state('');
  /** Set when a bot asked: the reply goes back to it. */
  request = $state<SignRequest | null>(null);
  prepared = $state<PreparedSignatureView | null>(null);
  signed = $state<string | null>(null);
  signNote = $state<string | null>(null);
  signError = $state<string | null>(null);
  signing = $state(false);
  /** Says "Copied" beside the signed message once the clipboard took it. */
  signedCopied = $state(false);
  // Verify
  verifyInput = $state('');
  verified = $state<VerifyResultView | null>(null);
  verifyError = $state<string | null>(null);
  // AA details
  aaAddress = $state('');
  aa = $state<AaDetailsView | null>(null);
  aaState = $state<AaStateView | null>(null);
  aaPrefix = $state('');
  aaError = $state<string | null>(null);
  aaLoading = $state(false);
  /** Counts requests from other screens: Tools brings the AA section into view for each. */
  aaRequested = $state(0);
  // Attestations
  attestedAddress = $state('');
  attestations = $state<AttestationListView | null>(null);
  attestationsError = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  /** A bot asked to sign: fill the form; nothing is signed until the user says so. */
  askedToSign(request: SignRequest): void {
    this.request = request;
    this.signText = request.message;
    this.prepared = null;
    this.signed = null;
    this.signNote = null;
    this.signError = null;
  }

  async prepare(): Promise<void> {
    this.signError = null;
    this.signed = null;
    const reply = await this.api.messages.prepareSign({
      address: this.signAddress.trim(),
      message: this.signText,
      ...(this.request
        ? {
            networkAware: this.request.networkAware,
            decodeJson: true,
            replyTo: this.request.replyTo,
          }
        : {}),
    });
    if (!reply.ok) {
      this.signError = reply.error.message;
      return;
    }
    this.prepared = reply.value;
  }

  async sign(): Promise<void> {
    const prepared = this.prepared;
    if (!prepared) return;
    this.signing = true;
    // Main asks in its own dialog (the whole text, the address, who gets the reply) first.
    const reply = await this.api.messages.sign({ signId: prepared.signId });
    this.signing = false;
    this.prepared = null;
    if (!reply.ok) {
      this.signError = reply.error.message;
      return;
    }
    this.signed = reply.value.base64;
    this.signedCopied = false;
    const { address, repliedTo, replyProblem } = reply.value;
    this.signNote =
      repliedTo !== null
        ? `Signed by ${address} and sent back to ${this.request?.from ?? 'the bot'}.`
        : replyProblem !== null
          ? `Signed by ${address}. ${replyProblem} Copy it below instead.`
          : `Signed by ${address}.`;
    this.request = null;
  }

  /** The signed message to the clipboard (`write`: the page's clipboard, a fake in tests). */
  async copySigned(write: (text: string) => Promise<void>): Promise<void> {
    const signed = this.signed;
    if (signed === null) return;
    try {
      await write(signed);
      this.signedCopied = true;
    } catch {
      this.signedCopied = false;
      this.signError = 'The clipboard refused the signed message. Select it and copy it by hand.';
    }
  }

  cancelSign(): void {
    this.prepared = null;
    this.request = null;
  }

  async verify(): Promise<void> {
    this.verifyError = null;
    this.verified = null;
    const reply = await this.api.messages.verify({ signed: this.verifyInput.trim() });
    if (!reply.ok) this.verifyError = reply.error.message;
    else this.verified = reply.value;
  }

  /** Another screen asked for an AA's details (History, Send): look it up from scratch. */
  async showAa(address: string): Promise<void> {
    this.aaAddress = address;
    this.aaPrefix = '';
    this.aaRequested += 1;
    await this.lookUpAa();
  }

  async lookUpAa(): Promise<void> {
    this.aaError = null;
    this.aa = null;
    this.aaState = null;
    this.aaLoading = true;
    const reply = await this.api.aa.details({ address: this.aaAddress.trim() });
    this.aaLoading = false;
    if (!reply.ok) {
      this.aaError = reply.error.message;
      return;
    }
    this.aa = reply.value;
    if (reply.value.kind === 'aa') await this.loadState();
  }

  /** The AA's state variables (filtered by prefix), first page or the page after `after`. */
  async loadState(after?: string): Promise<void> {
    const aa = this.aa;
    if (!aa) return;
    const prefix = this.aaPrefix.trim();
    const reply = await this.api.aa.stateVars({
      address: aa.address,
      ...(prefix === '' ? {} : { prefix }),
      ...(after === undefined ? {} : { after }),
      limit: 50,
    });
    if (!reply.ok) {
      this.aaError = reply.error.message;
      return;
    }
    this.aaState =
      after === undefined || this.aaState === null
        ? reply.value
        : { vars: [...this.aaState.vars, ...reply.value.vars], nextAfter: reply.value.nextAfter };
  }

  async lookUpAttestations(): Promise<void> {
    this.attestationsError = null;
    this.attestations = null;
    const reply = await this.api.attestations.list({ address: this.attestedAddress.trim() });
    if (!reply.ok) this.attestationsError = reply.error.message;
    else this.attestations = reply.value;
  }
}
