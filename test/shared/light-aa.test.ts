/**
 * The AA light requests against the reference hub's real answers (test/fixtures/aa-hub-answers
 * .json, recorded from the loopback devnet's ocore hub with the echo AA): params as ocore
 * expects them, every answer parsed, and forged or endless answers refused in words.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../shared/protocol/aa';
import { ProtocolError } from '../../shared/protocol/errors';
import type { JsonValue } from '../../shared/protocol/json';
import {
  dryRunAa,
  getAaBalances,
  getAaResponseChain,
  getAaResponses,
  getAaStateVars,
  getAttestations,
  getDefinition,
  MAX_RESPONSE_CHAIN,
  newAaToWatchBody,
  parseAaResponsePush,
  UnreadableAaAnswerError,
  type AaRequester,
} from '../../shared/protocol/light/aa';

interface Recorded {
  params: JsonValue;
  response?: JsonValue;
}

const file = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aa-hub-answers.json'),
    'utf8',
  ),
) as {
  answers: Record<string, Recorded>;
  pushes: { subject: string; body: JsonValue }[];
};
const AA = '6XRVN67GJWHTN3QOW2PZUAWWKINNIU32';
const ME = 'QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD';

function recorded(name: string): Recorded {
  const answer = file.answers[name];
  if (!answer) throw new Error(`no recorded answer ${name}`);
  return answer;
}

/** A hub that answers one recorded request, after checking the params are the recorded ones. */
function replay(name: string, command: string): AaRequester & { calls: number } {
  const answer = recorded(name);
  const hub = {
    calls: 0,
    request(sent: string, params?: JsonValue): Promise<JsonValue | undefined> {
      hub.calls++;
      expect(sent).toBe(command);
      expect(params).toEqual(answer.params);
      return Promise.resolve(answer.response);
    },
  };
  return hub;
}

function answering(value: JsonValue | undefined): AaRequester {
  return { request: () => Promise.resolve(value) };
}

async function refused(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).message;
  }
  throw new Error('expected a refusal');
}

/**
 * A refusal of an answer this wallet cannot read: the person reads which request it was, in
 * words; what exactly was wrong (a field path) is returned, as the log gets it.
 */
async function unreadable(run: Promise<unknown>, command: string): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableAaAnswerError);
    const { message, problem } = error as UnreadableAaAnswerError;
    expect(message).toBe(
      `The hub sent an answer this wallet cannot read (${command}). Nothing was changed.`,
    );
    return problem;
  }
  throw new Error('expected a refusal');
}

describe('light/get_definition', () => {
  it("reads the echo AA's definition, which hashes to its address", async () => {
    const definition = await getDefinition(replay('get_definition_aa', 'light/get_definition'), AA);
    const kind = classifyAddress(AA, definition);
    expect(kind.kind).toBe('aa');
    if (kind.kind === 'aa') expect(kind.aa.bounceFees).toEqual({ base: 10000 });
  });

  it('an unknown address has no definition', async () => {
    const hub = replay('get_definition_unknown', 'light/get_definition');
    expect(await getDefinition(hub, 'II6V52ZNAQWWSQTCMJ6MV3TXOTWJK62N')).toBeNull();
    expect(await getDefinition(answering(undefined), AA)).toBeNull();
  });

  it('refuses an answer that is not a definition', async () => {
    expect(await unreadable(getDefinition(answering({ a: 1 }), AA), 'light/get_definition')).toBe(
      'a definition is a list',
    );
  });
});

describe('light/dry_run_aa', () => {
  it('reads what the echo AA would do: 18000 back, echo var, last_echo changed', async () => {
    const { params } = recorded('dry_run');
    const trigger = (params as { trigger: never }).trigger;
    const [first, ...rest] = await dryRunAa(replay('dry_run', 'light/dry_run_aa'), AA, trigger);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      aaAddress: AA,
      triggerAddress: ME,
      bounced: false,
      error: null,
      responseVars: { echo: 'dry' },
      balancesAfter: { base: 2707 },
      otherMessages: [],
    });
    expect(first?.outputs).toEqual([
      { address: AA, amount: 2707, asset: 'base' },
      { address: ME, amount: 18000, asset: 'base' },
    ]);
    expect(first?.stateChanges).toEqual([
      { aa: AA, name: 'last_echo', value: 'dry', oldValue: 'hello' },
    ]);
  });

  it('reads a bounce and its error', async () => {
    const { params } = recorded('dry_run_bounce');
    const trigger = (params as { trigger: never }).trigger;
    const [first] = await dryRunAa(replay('dry_run_bounce', 'light/dry_run_aa'), AA, trigger);
    expect(first).toMatchObject({
      bounced: true,
      responseUnit: null,
      outputs: [],
      error: 'received bytes are not enough to cover bounce fees',
    });
  });

  it('refuses an answer about another AA, an empty one and an endless one', async () => {
    const rows = recorded('dry_run').response as JsonValue[];
    const trigger = { address: ME, outputs: { base: 20000 } };
    const other = 'II6V52ZNAQWWSQTCMJ6MV3TXOTWJK62N';
    const dryRun = 'light/dry_run_aa';
    expect(await unreadable(dryRunAa(answering(rows), other, trigger), dryRun)).toBe(
      'the first response is not of the AA',
    );
    expect(await unreadable(dryRunAa(answering([]), AA, trigger), dryRun)).toBe(
      'no response at all',
    );
    const endless = Array.from({ length: MAX_RESPONSE_CHAIN + 1 }, () => rows[0] ?? null);
    expect(await unreadable(dryRunAa(answering(endless), AA, trigger), dryRun)).toBe(
      'more than 50 responses',
    );
    // A field of a row is named by its path, for the log only.
    const noAddress = rows.map((row, i) =>
      i === 0 && row !== null && typeof row === 'object' && !Array.isArray(row)
        ? { ...row, aa_address: 'nope' }
        : row,
    );
    const problem = await unreadable(dryRunAa(answering(noAddress), AA, trigger), dryRun);
    expect(problem).toBe('aa_address: expected an address');
  });

  it('checks its params before asking', async () => {
    const hub = replay('dry_run', 'light/dry_run_aa');
    await refused(dryRunAa(hub, 'nope', { address: ME, outputs: { base: 1 } }));
    await refused(dryRunAa(hub, AA, { address: 'nope', outputs: { base: 1 } }));
    await refused(dryRunAa(hub, AA, { address: ME, outputs: { bad: 1 } }));
    expect(hub.calls).toBe(0);
  });
});

describe('light/get_aa_response_chain and get_aa_responses', () => {
  it('reads the response to a real trigger with its response unit', async () => {
    const { params } = recorded('response_chain');
    const unit = (params as { trigger_unit: string }).trigger_unit;
    const hub = replay('response_chain', 'light/get_aa_response_chain');
    const [row, ...rest] = await getAaResponseChain(hub, unit);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      triggerUnit: unit,
      bounced: false,
      responseVars: { echo: 'captured' },
    });
    expect(row?.outputs.find((o) => o.address !== AA)?.amount).toBe(18000);
  });

  it('reads a bounced trigger (no response unit)', async () => {
    const { params } = recorded('response_chain_bounced');
    const unit = (params as { trigger_unit: string }).trigger_unit;
    const [row] = await getAaResponseChain(
      replay('response_chain_bounced', 'light/get_aa_response_chain'),
      unit,
    );
    expect(row).toMatchObject({ bounced: true, responseUnit: null, outputs: [] });
  });

  it('refuses a chain that starts elsewhere', async () => {
    const rows = recorded('response_chain').response;
    expect(
      await unreadable(
        getAaResponseChain(answering(rows), 'A'.repeat(43) + '='),
        'light/get_aa_response_chain',
      ),
    ).toBe('the chain does not start at the trigger');
  });

  it('reads the AA response rows', async () => {
    const rows = await getAaResponses(replay('aa_responses', 'light/get_aa_responses'), { aa: AA });
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.aaAddress === AA)).toBe(true);
    expect(rows.some((r) => r.bounced) && rows.some((r) => !r.bounced)).toBe(true);
  });
});

describe('pushes, state, balances, attestations', () => {
  it('reads the light/aa_response pushes after light/new_aa_to_watch', () => {
    expect(newAaToWatchBody(AA)).toEqual({ aa: AA });
    expect(newAaToWatchBody(AA, ME)).toEqual({ aa: AA, address: ME });
    const pushed = file.pushes.filter((p) => p.subject === 'light/aa_response');
    expect(pushed.map((p) => parseAaResponsePush(p.body).bounced)).toEqual([false, true]);
    expect(() => parseAaResponsePush({ bounced: true })).toThrow(ProtocolError);
  });

  it('reads state variables (with a prefix) and balances', async () => {
    expect(
      await getAaStateVars(replay('state_vars', 'light/get_aa_state_vars'), { address: AA }),
    ).toEqual({
      last_echo: 'hello',
    });
    expect(
      await getAaStateVars(replay('state_vars_prefix', 'light/get_aa_state_vars'), {
        address: AA,
        prefix: 'last',
      }),
    ).toEqual({ last_echo: 'hello' });
    await refused(getAaStateVars(answering({}), { address: AA, prefix: 'a', prefixFrom: 'b' }));
    await refused(getAaStateVars(answering({}), { address: AA, limit: 2001 }));
    expect(await getAaBalances(replay('balances', 'light/get_aa_balances'), AA)).toEqual({
      base: 1398,
    });
    expect(
      await unreadable(
        getAaBalances(answering({ balances: { base: -1 } }), AA),
        'light/get_aa_balances',
      ),
    ).toMatch(/^balances\.base: /);
  });

  it('reads attestations', async () => {
    expect(await getAttestations(replay('attestations', 'light/get_attestations'), ME)).toEqual([]);
    const row = { unit: 'A'.repeat(43) + '=', attestor_address: AA, profile: { email: 'a@b.c' } };
    expect(await getAttestations(answering([row]), ME)).toEqual([
      { unit: row.unit, attestorAddress: AA, profile: { email: 'a@b.c' } },
    ]);
  });
});
