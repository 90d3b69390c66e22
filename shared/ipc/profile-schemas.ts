/**
 * Attested private profiles as they cross IPC (issue 15): profiles received in chat, kept after
 * they checked against their attestation unit, and shared in answer to a bot's profile request —
 * only the fields asked for, only after the user saw exactly which go to whom and main asked once
 * more in its own dialog.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DeviceAddressSchema } from './chat-schemas';

const Text = (max: number) => z.string().max(max);
const AddressText = lazySchema(() => z.string().max(64));
/** A field name as ocore stores it (VARCHAR(50)); a request names at most 50. */
const FieldName = lazySchema(() =>
  z
    .string()
    .min(1, { message: 'A field name is empty.' })
    .max(50, { message: 'A field name has at most 50 characters.' }),
);
const FieldList = lazySchema(() =>
  z
    .array(FieldName)
    .min(1, { message: 'Name at least one field.' })
    .max(50, { message: 'A request names at most 50 fields.' }),
);

export const ProfileViewSchema = lazySchema(() =>
  z.object({
    id: z.number().int().positive(),
    /** The attested address. */
    address: AddressText,
    attestor: AddressText,
    /** What the attestor is known as (mainnet's official attestors), when this wallet knows it. */
    attestorName: Text(100).nullable(),
    unit: Text(44),
    /** The fields in the clear, blinding removed. */
    fields: z.array(z.object({ name: Text(50), value: Text(1000) })).max(50),
    /** Fields kept back by the sender (only their hash is here). */
    hiddenFields: z.array(Text(50)).max(50),
    /** Attests one of this wallet's addresses: it can be shared. */
    mine: z.boolean(),
    /** The chat it came from (its name now), when known. */
    receivedFrom: Text(100).nullable(),
    createdAt: z.number().int().nonnegative(),
  }),
);
export type ProfileView = z.infer<typeof ProfileViewSchema>;
export const ProfileListSchema = lazySchema(() => z.array(ProfileViewSchema).max(500));

export const RemoveProfileParamsSchema = lazySchema(() =>
  z.strictObject({
    id: z
      .number({ message: 'Say which profile.' })
      .int()
      .positive({ message: 'Say which profile.' }),
  }),
);

/** After a deletion: how many profiles went, and the ones still kept. */
export const RemoveProfilesResultSchema = lazySchema(() =>
  z.object({
    removed: z.number().int().nonnegative(),
    profiles: ProfileListSchema,
  }),
);
export type RemoveProfilesResult = z.infer<typeof RemoveProfilesResultSchema>;

export const SaveProfileParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    /** The `profile:` link's base64, exactly as it arrived. */
    base64: z.string().min(1).max(16_000, { message: 'That private profile is far too long.' }),
  }),
);

export const ProfileRequestParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    fields: FieldList,
  }),
);

/** What answering a request would send: for each profile that can, the exact values. */
export const ProfileRequestViewSchema = lazySchema(() =>
  z.object({
    correspondent: DeviceAddressSchema,
    correspondentName: Text(100),
    fields: z.array(Text(50)).max(50),
    candidates: z
      .array(
        z.object({
          profileId: z.number().int().positive(),
          address: AddressText,
          attestor: AddressText,
          attestorName: Text(100).nullable(),
          /** Exactly what goes to the correspondent, in the order asked. */
          values: z.array(z.object({ name: Text(50), value: Text(1000) })).max(50),
          /** Fields of this profile that stay back (sent as hashes only). */
          keptBack: z.array(Text(50)).max(50),
        }),
      )
      .max(500),
  }),
);
export type ProfileRequestView = z.infer<typeof ProfileRequestViewSchema>;

export const ShareProfileParamsSchema = lazySchema(() =>
  z.strictObject({
    correspondent: DeviceAddressSchema,
    profileId: z.number().int().positive(),
    fields: FieldList,
  }),
);

export const ShareProfileResultSchema = lazySchema(() =>
  z.object({
    sentTo: DeviceAddressSchema,
    fields: z.array(Text(50)).max(50),
  }),
);
