/**
 * The labels and contacts methods through the real dispatcher and services (as the app wires
 * them): params checked, refusals in words, an import that names its bad line and changes
 * nothing, and an export that reads back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../electron/main/compose';
import { AppPaths } from '../../electron/main/services/app-paths';
import { getChash160 } from '../../shared/protocol/chash';
import { fixedClock } from './fakes';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const A = getChash160('label ipc a');
const B = getChash160('label ipc b');
const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';
let root: string;
let services: Services;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-label-ipc-'));
  services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'Obyte Light'), home: root }),
    appOrigin: 'app://obyte',
    clock: fixedClock(),
    logSink: () => undefined,
    offline: true,
  });
});

afterEach(async () => {
  await services.close();
  await rm(root, { recursive: true, force: true });
});

const call = (method: string, params?: unknown) =>
  services.dispatcher.dispatch(method, params, APP);

describe('labels over IPC', () => {
  it('sets and lists labels while no wallet exists (locked)', async () => {
    await expect(
      call('labels.set', { type: 'unit', ref: UNIT, label: ' Rent\u202e ', note: 'March' }),
    ).resolves.toMatchObject({ ok: true, value: { label: 'Rent', note: 'March' } });
    await expect(call('labels.list')).resolves.toMatchObject({
      ok: true,
      value: [{ type: 'unit', ref: UNIT, label: 'Rent' }],
    });
  });

  it('refuses in words: a typo, an unknown field, a type that is not one', async () => {
    const typo = `${A.slice(0, 31)}${A.endsWith('A') ? 'B' : 'A'}`;
    await expect(call('labels.set', { type: 'addr', ref: typo, label: 'x' })).resolves.toEqual({
      ok: false,
      error: { code: 'rejected', message: 'That address has a typo: its checksum does not match.' },
    });
    await expect(
      call('labels.set', { type: 'addr', ref: A, label: 'x', colour: 'red' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    await expect(call('labels.set', { type: 'tx', ref: A, label: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
  });
});

describe('contacts over IPC', () => {
  it('adds, edits and removes a contact; a second contact on the same address is refused', async () => {
    const added = await call('contacts.add', { name: 'Alice', address: A });
    expect(added).toMatchObject({ ok: true, value: { name: 'Alice', address: A } });
    const id = added.ok ? (added.value as { id: number }).id : -1;
    await expect(call('contacts.add', { name: 'Eve', address: A })).resolves.toMatchObject({
      ok: false,
      error: { message: 'This address is already in your contacts as “Alice”.' },
    });
    await expect(
      call('contacts.update', { id, name: 'Alice B', address: B, note: 'moved' }),
    ).resolves.toMatchObject({ ok: true, value: { id, name: 'Alice B', address: B } });
    await expect(call('contacts.remove', { id })).resolves.toEqual({
      ok: true,
      value: { done: true },
    });
    await expect(call('contacts.remove', { id })).resolves.toMatchObject({ ok: false });
    await expect(call('contacts.list')).resolves.toEqual({ ok: true, value: [] });
  });
});

describe('the labels file over IPC', () => {
  it('a bad line changes nothing and is named; a good file imports and exports back', async () => {
    await call('labels.set', { type: 'addr', ref: A, label: 'Before' });
    const bad = [
      `{"type":"addr","ref":"${A}","label":"After"}`,
      `{"type":"contact","ref":"${B}","label":"Bob"}`,
      `{"type":"addr","ref":"${B.toLowerCase()}","label":"x"}`,
    ].join('\n');
    await expect(call('labels.import', { text: bad })).resolves.toEqual({
      ok: false,
      error: { code: 'rejected', message: 'Line 3: An Obyte address is written in upper case.' },
    });
    await expect(call('labels.list')).resolves.toMatchObject({ value: [{ label: 'Before' }] });
    await expect(call('contacts.list')).resolves.toEqual({ ok: true, value: [] });

    const good = bad.split('\n').slice(0, 2).join('\n');
    await expect(call('labels.import', { text: good })).resolves.toEqual({
      ok: true,
      value: {
        labelsAdded: 0,
        labelsUpdated: 1,
        contactsAdded: 1,
        contactsUpdated: 0,
        unchanged: 0,
      },
    });
    await expect(call('labels.export', {})).resolves.toEqual({
      ok: true,
      value: { labels: 1, contacts: 1, text: `${good}\n`, savedTo: null },
    });
  });
});
