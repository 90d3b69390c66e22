/**
 * The home hub's bot store (`hub/get_bots`), each entry with its pairing code parsed (or null:
 * the hub's word is untrusted) and marked paired when it is among our correspondents.
 */
import { getBots } from '../../../../shared/protocol/light/index';
import { parsePairingCode, type PairingCode } from '../../../../shared/protocol/pairing';
import type { MessengerContext } from './context';

export interface BotEntry {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** The raw code from the hub (untrusted); `pairing` is its parse, null when invalid. */
  readonly pairingCode: string;
  readonly pairing: PairingCode | null;
  readonly isPaired: boolean;
}

export async function listBots(ctx: MessengerContext): Promise<BotEntry[]> {
  const bots = await getBots(ctx.home, { timeoutMs: ctx.timing.requestTimeoutMs });
  return bots.map((bot) => {
    let pairing: PairingCode | null;
    try {
      pairing = parsePairingCode(bot.pairing_code);
    } catch {
      pairing = null;
    }
    const known = pairing ? ctx.db.getCorrespondent(pairing.device_address) : null;
    return {
      id: bot.id,
      name: bot.name,
      description: bot.description,
      pairingCode: bot.pairing_code,
      pairing,
      isPaired: known !== null,
    };
  });
}
