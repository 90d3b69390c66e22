/**
 * Attested private profiles (issue 15): keep one a chat peer sent, once it checks against its
 * attestation unit (fetched from the hub and verified like any history: only the unit's hash,
 * stability and the attested profile hash are trusted, never the peer); answer a bot's profile
 * request with one of ours, disclosing only the fields asked for, after the page showed exactly
 * which values go to whom and main asked once more in its own dialog. Without such a dialog
 * nothing is sent.
 */
import { UserFacingError } from '../../../shared/ipc';
import type { ProfileView } from '../../../shared/ipc/profile-schemas';
import { neutralizeBidi } from '../../../shared/ipc/bidi';
import { ProtocolError } from '../../../shared/protocol/errors';
import { HubError } from '../../../shared/protocol/light/errors';
import {
  checkPrivateProfile,
  discloseOnly,
  parsePrivateProfile,
  privateProfileReply,
} from '../../../shared/protocol/private-profile';
import type { ChatSession } from '../services/chat/chat-session';
import { ChatError } from '../services/chat/words';
import { StorageError } from '../services/storage/index';
import type { ProfileRecord } from '../services/storage/profile-store';
import type { LightSession } from '../services/sync/index';
import type { ConfirmRequest, UserConfirmation } from '../services/user-confirmation';
import type { WalletSession } from '../services/wallet-session';
import type { Handlers } from './dispatcher';
import { attestorName } from './aa-handlers';

type ProfileMethod =
  | 'profiles.list'
  | 'profiles.save'
  | 'profiles.remove'
  | 'profiles.removeAll'
  | 'profiles.prepareShare'
  | 'profiles.share';

async function inWords<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof ChatError) {
      throw new UserFacingError(error.message);
    }
    if (error instanceof StorageError && error.code === 'invalid-input') {
      throw new UserFacingError(error.message);
    }
    if (error instanceof HubError) {
      throw new UserFacingError(
        'The hub did not give the attestation unit, so the profile could not be checked. Try again later.',
      );
    }
    throw error;
  }
}

/** Main's own question before a profile is shared: every value, and who receives it. */
export function shareConfirmation(
  name: string,
  device: string,
  values: readonly { name: string; value: string }[],
  keptBack: readonly string[],
): ConfirmRequest {
  const lines = values.map((v) => `${v.name}: ${neutralizeBidi(v.value)}`).join('\n');
  const back =
    keptBack.length > 0 ? `\n\nKept back (only their hash is sent): ${keptBack.join(', ')}.` : '';
  return {
    title: 'Share your private profile',
    message: `Send these attested details to ${neutralizeBidi(name)}?`,
    detail: `${neutralizeBidi(name)} (${device}) receives exactly this, with the attestation that proves it:\n\n${lines}${back}\n\nOnce sent, it cannot be taken back.`,
    confirm: 'Send',
  };
}

export function createProfileHandlers(deps: {
  readonly wallet: WalletSession;
  readonly light: LightSession;
  readonly chat: ChatSession;
  readonly confirmation?: UserConfirmation;
}): Pick<Handlers, ProfileMethod> {
  const store = () => deps.light.parts.db.profileStore();
  const mainnet = () => deps.wallet.network() === 'mainnet';
  const mine = () =>
    new Set(
      deps.wallet
        .services()
        .wallet.addresses()
        .map((a) => a.address),
    );
  const correspondent = (device: string) => {
    const found = deps.chat.messenger.getCorrespondent(device);
    if (found === null) throw new UserFacingError('There is no chat with that device.');
    return found;
  };
  const view = (record: ProfileRecord, ours: ReadonlySet<string>): ProfileView => {
    const src = record.profile.src_profile;
    const fields = Object.entries(src).flatMap(([name, f]) =>
      typeof f === 'string' ? [] : [{ name, value: neutralizeBidi(f[0]).slice(0, 1000) }],
    );
    const hiddenFields = Object.entries(src).flatMap(([name, f]) =>
      typeof f === 'string' ? [name] : [],
    );
    const from =
      record.receivedFrom === null
        ? null
        : (deps.chat.messenger.getCorrespondent(record.receivedFrom)?.name ?? null);
    return {
      id: record.id,
      address: record.address,
      attestor: record.attestor,
      attestorName: mainnet() ? attestorName(record.attestor) : null,
      unit: record.profile.unit,
      fields,
      hiddenFields,
      mine: ours.has(record.address),
      receivedFrom: from === null ? null : neutralizeBidi(from).slice(0, 100),
      createdAt: record.createdAt,
    };
  };
  /** Our profiles that show every field asked for in the clear. */
  const candidates = (fields: readonly string[]) => {
    const ours = mine();
    return store()
      .list()
      .filter((r) => ours.has(r.address))
      .filter((r) => fields.every((f) => Array.isArray(r.profile.src_profile[f])));
  };
  const list = (): ProfileView[] => {
    const ours = mine();
    return store()
      .list()
      .map((r) => view(r, ours));
  };
  return {
    'profiles.list': () => inWords(list),
    // Checked before anything is written: the shape, then the attestation unit as the network
    // has it (verified), then the hashes. A profile that does not check is never stored.
    'profiles.save': ({ correspondent: device, base64 }) =>
      inWords(async () => {
        correspondent(device);
        const profile = parsePrivateProfile(base64);
        const unit = await deps.light.parts.sync.verifiedUnit(profile.unit);
        if (unit === null) {
          throw new UserFacingError(
            'The attestation unit of this profile is not on the network as stable (the hub does not know it yet, or it never existed): not kept.',
          );
        }
        const checked = checkPrivateProfile(profile, unit);
        const record = store().save({
          profile,
          address: checked.address,
          attestor: checked.attestor,
          jsonBased: checked.jsonBased,
          receivedFrom: device,
        });
        return view(record, mine());
      }),
    // Only this wallet's copy goes: what was shared with others stays with them.
    'profiles.remove': ({ id }) =>
      inWords(() => {
        if (!store().remove(id)) {
          throw new UserFacingError('That profile is not kept any more: nothing was deleted.');
        }
        return { removed: 1, profiles: list() };
      }),
    'profiles.removeAll': () =>
      inWords(() => {
        const removed = store().removeAll();
        return { removed, profiles: list() };
      }),
    'profiles.prepareShare': ({ correspondent: device, fields }) =>
      inWords(() => {
        const peer = correspondent(device);
        const wanted = [...new Set(fields)];
        return {
          correspondent: device,
          correspondentName: neutralizeBidi(peer.name).slice(0, 100),
          fields: wanted,
          candidates: candidates(wanted).map((r) => ({
            profileId: r.id,
            address: r.address,
            attestor: r.attestor,
            attestorName: mainnet() ? attestorName(r.attestor) : null,
            values: wanted.map((name) => {
              const field = r.profile.src_profile[name];
              return {
                name,
                value: Array.isArray(field)
                  ? neutralizeBidi(field[0] as string).slice(0, 1000)
                  : '',
              };
            }),
            keptBack: Object.keys(r.profile.src_profile).filter((f) => !wanted.includes(f)),
          })),
        };
      }),
    'profiles.share': ({ correspondent: device, profileId, fields }) =>
      inWords(async () => {
        const peer = correspondent(device);
        const wanted = [...new Set(fields)];
        const record = candidates(wanted).find((r) => r.id === profileId);
        if (record === undefined) {
          throw new UserFacingError(
            'That profile is not one of yours with every field asked for: nothing was sent.',
          );
        }
        const confirmation = deps.confirmation;
        if (confirmation === undefined) {
          throw new UserFacingError(
            'Sharing a profile needs your confirmation in a dialog of the app, which is not available here: nothing was sent.',
          );
        }
        const shared = discloseOnly(record.profile, wanted, record.jsonBased);
        const values = wanted.map((name) => {
          const field = shared.src_profile[name];
          return { name, value: Array.isArray(field) ? (field[0] as string) : '' };
        });
        const keptBack = Object.keys(shared.src_profile).filter((f) => !wanted.includes(f));
        const yes = await confirmation.ask(shareConfirmation(peer.name, device, values, keptBack));
        if (!yes) throw new UserFacingError('Not sent: you said no in the dialog.');
        deps.chat.messenger.sendText(device, privateProfileReply(shared));
        return { sentTo: device, fields: wanted };
      }),
  };
}
