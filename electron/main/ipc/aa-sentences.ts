/**
 * The AA service's refusals (services/aa/aa-service.ts) in the words of the person at the
 * keyboard: the AA handlers send them to the page, the command line prints them, and a payment
 * to an AA refused by them says them (ipc/payment-sentences.ts).
 */
import type { AaErrorFacts, AaQuestion } from '../services/aa/aa-service';

/** What the hub was asked, as the object of a sentence ("the dry run"). */
function asked(question: AaQuestion): string {
  switch (question.asked) {
    case 'kind':
      return `which kind of address ${question.address} is`;
    case 'definition':
      return `the definition of ${question.address}`;
    case 'dry-run':
      return 'the dry run';
    case 'state-vars':
      return 'the state variables';
    case 'balances':
      return 'the balances';
    case 'responses':
      return 'the recent responses';
    case 'attestations':
      return 'the attestations';
    case 'trigger-responses':
      return 'the responses to the trigger';
  }
}

/** The sentence for a refusal of the AA service. */
export function aaSentence(facts: AaErrorFacts): string {
  switch (facts.kind) {
    case 'lying-hub':
    case 'malformed':
      return facts.problem;
    case 'timeout':
      return `The hub did not answer ${asked(facts.question)} in time.`;
    case 'dry-run-timeout':
      return `The hub did not finish the dry run of ${facts.aa} within ${facts.seconds} s.`;
    case 'not-an-aa':
      return 'The hub says this is not an autonomous agent (or its definition is not stable yet).';
    case 'several-aas':
      return `A payment may go to one autonomous agent only; this one pays ${facts.addresses.length} (${facts.addresses.join(', ')}).`;
    case 'hub-refused':
      return `The hub refused ${asked(facts.question)}: ${facts.hubMessage}`;
    case 'hub-failed':
      return `The hub could not answer ${asked(facts.question)}: ${facts.problem}`;
  }
}
