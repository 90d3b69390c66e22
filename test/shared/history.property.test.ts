/**
 * Properties of history verification over the real answers of the devnet captures:
 * - any single change anywhere in an answer (a leaf edited or removed) is either rejected or
 *   leaves the verified result exactly as it was (the hub-reported MCIs excepted, which are
 *   unproven by design) — nothing we return depends on data we did not check;
 * - a proofchain with an element removed never proves more than before;
 * - parsing and verifying arbitrary JSON never throws anything but a ProtocolError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../shared/protocol/errors';
import { tryVerifyHistory, type VerifyHistoryOptions } from '../../shared/protocol/history';
import { parseHistoryResponse } from '../../shared/protocol/history-parse';
import { clone, rawClientResponse, readFixture, type RequestResponse } from '../support/fixtures';

type Path = (string | number)[];

interface Leaf {
  path: Path;
  value: string | number | boolean;
}

/** Fields a hub adds and nobody can check (light-client.md §2.1): excluded from "identical". */
const UNPROVEN_FIELDS = new Set(['main_chain_index', 'actual_tps_fee']);

function leaves(value: unknown, path: Path = []): Leaf[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return [{ path, value }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      UNPROVEN_FIELDS.has(key) ? [] : leaves(item, [...path, key]),
    );
  }
  return [];
}

function container(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

function mutate(root: unknown, leaf: Leaf, kind: 'edit' | 'remove', salt: number): void {
  const parent = container(root, leaf.path);
  const key = leaf.path[leaf.path.length - 1] ?? '';
  if (kind === 'remove' && !Array.isArray(parent)) {
    Reflect.deleteProperty(parent, key);
    return;
  }
  const value = leaf.value;
  if (typeof value === 'number') parent[key] = value + 1 + (salt % 7);
  else if (typeof value === 'boolean') parent[key] = !value;
  else {
    // Another character at one position: same length, so only the content differs.
    const at = salt % Math.max(value.length, 1);
    const replacement = value[at] === 'A' ? 'B' : 'A';
    parent[key] = value.length === 0 ? 'A' : value.slice(0, at) + replacement + value.slice(at + 1);
  }
}

interface Case {
  name: string;
  response: unknown;
  options: VerifyHistoryOptions;
}

const VERSIONS = ['1.0dev', '2.0dev', '3.0dev', '4.0dev'];

function caseOf(name: string, exchange: Pick<RequestResponse, 'params' | 'response'>): Case {
  const response = exchange.response as {
    witness_change_and_definition_joints: { unit: { unit: string; main_chain_index: number } }[];
  };
  const genesis = response.witness_change_and_definition_joints.find(
    (j) => j.unit.main_chain_index === 0,
  );
  if (!genesis) throw new Error(`${name}: no genesis in the answer`);
  const { witnesses } = exchange.params as { witnesses: string[] };
  return {
    name,
    response: exchange.response,
    options: {
      witnesses,
      network: {
        countWitnesses: 1,
        majority: 1,
        genesisUnit: genesis.unit.unit,
        alt: '3',
        versions: VERSIONS,
      },
    },
  };
}

const reference5 = readFixture<{
  request: [string, { params: unknown }];
  response: [string, { response: unknown }];
}>('reference_light_client/lightwallet_light_get_history_5_by_client.json');

const cases: Case[] = [
  caseOf('raw_client', rawClientResponse('raw_client', 'get_history')),
  caseOf('raw_client_fresh', rawClientResponse('raw_client_fresh', 'get_history')),
  caseOf('reference light client #5', {
    params: reference5.request[1].params,
    response: reference5.response[1].response,
  }),
];

/** The verified result without the unproven, hub-reported fields. */
function comparable(response: unknown, options: VerifyHistoryOptions): unknown {
  const verdict = tryVerifyHistory(response, options);
  if (!verdict.ok) return verdict;
  const { history } = verdict;
  return {
    ...history,
    proofMci: 'unproven',
    joints: history.joints.map((joint) => {
      const { main_chain_index: _mci, content, ...rest } = joint;
      const { main_chain_index: _m, actual_tps_fee: _a, ...unit } = content;
      return { ...rest, content: unit };
    }),
  };
}

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
  const expected = comparable(testCase.response, testCase.options);
  const allLeaves = leaves(testCase.response);

  it('verifies untouched', () => {
    expect(expected).not.toHaveProperty('ok');
    expect(allLeaves.length).toBeGreaterThan(100);
  });

  it('any single change is rejected or changes nothing we return', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: allLeaves.length - 1 }),
        fc.constantFrom('edit' as const, 'remove' as const),
        fc.nat(),
        (index, kind, salt) => {
          const leaf = allLeaves[index];
          if (!leaf) return;
          const tampered = clone(testCase.response);
          mutate(tampered, leaf, kind, salt);
          const verdict = tryVerifyHistory(tampered, testCase.options);
          if (verdict.ok) {
            expect(comparable(tampered, testCase.options), leaf.path.join('.')).toEqual(expected);
          } else {
            expect(verdict.error).toBeInstanceOf(ProtocolError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('every change inside joints is rejected', () => {
    const jointLeaves = allLeaves.filter(
      (leaf) => leaf.path[0] === 'joints' && !(leaf.path.length === 3 && leaf.path[2] === 'ball'),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: jointLeaves.length - 1 }), fc.nat(), (index, salt) => {
        const leaf = jointLeaves[index];
        if (!leaf) return;
        const tampered = clone(testCase.response);
        mutate(tampered, leaf, 'edit', salt);
        expect(tryVerifyHistory(tampered, testCase.options).ok, leaf.path.join('.')).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('a proofchain without one of its elements never proves more', () => {
    const balls =
      (testCase.response as { proofchain_balls?: { unit: string }[] }).proofchain_balls ?? [];
    const proven = (response: unknown): string[] => {
      const verdict = tryVerifyHistory(response, testCase.options);
      return verdict.ok ? verdict.history.joints.filter((j) => j.proven).map((j) => j.unit) : [];
    };
    const before = proven(testCase.response);
    balls.forEach((removed, i) => {
      const tampered = clone(testCase.response) as { proofchain_balls: unknown[] };
      tampered.proofchain_balls.splice(i, 1);
      const after = proven(tampered);
      for (const unit of after) expect(before).toContain(unit);
      if (!balls.some((b, j) => j !== i && b.unit === removed.unit)) {
        expect(after).not.toContain(removed.unit);
      }
    });
  });
});

describe('robustness', () => {
  const options = cases[0]?.options;
  it('arbitrary JSON never throws anything but a ProtocolError', () => {
    if (!options) throw new Error('no case');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseHistoryResponse(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
        const verdict = tryVerifyHistory({ joints: [value], unstable_mc_joints: [value] }, options);
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
