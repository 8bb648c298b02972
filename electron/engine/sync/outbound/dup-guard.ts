// Keeps Docplanner's replaceSlots duplicate-payload guard (NOTES.md §4.1) from silently dropping a PUT we need.
//
// WHY: an identical PUT slots (same address + payload) within 3 minutes after a previous identical one is
// ignored but answered 201 (429 while the first is in flight). If a day goes A → B → A within 3 minutes, the
// second A would be dropped, Docplanner would keep B and we would record A as pushed: stale availability until the
// next reconciliation. So we remember, per address, the payloads sent recently and send a semantically identical,
// byte-different variant (plan/slots-variant.ts) instead of one Docplanner could take for a duplicate.
//
// The memory is kept in the state DB's meta table (not only in memory) so a restart right after a push still
// knows what was sent. The canonical hash stays in the write (`w.hash`), so pushed_days and the zero-write resync
// logic are unchanged; only the bytes on the wire differ.
import { z } from 'zod';
import type { MetaRepo } from '../../store/meta';
import type { ClinicTime } from '../../practice/time';
import { stableHash } from '../plan/hash';
import { slotsVariants } from '../plan/slots-variant';
import type { PlannedWrite } from '../plan/writes';

/** Docplanner's window (3 min), plus a margin: its window starts when the first PUT finished on its side. */
export const DUPLICATE_WINDOW_MS = 3 * 60_000 + 60_000;
/** Variants tried before waiting the window out instead (a day has hundreds; a few are ever needed). */
const MAX_VARIANTS = 500;

type SlotsWrite = Extract<PlannedWrite, { op: 'replaceSlots' }>;

const SentSchema = z.array(z.object({ hash: z.string(), at: z.number() }));
type Sent = z.infer<typeof SentSchema>;

export type SlotsChoice = { kind: 'send'; write: SlotsWrite } | { kind: 'wait'; until: number };

const metaKey = (addressKey: string): string => `outbound.slots-sent.${addressKey}`;

export const payloadHash = (w: SlotsWrite): string => stableHash(w.body);

export class RecentSlotsPayloads {
  constructor(private readonly meta: MetaRepo) {}

  /**
   * The write to send: `w` itself unless Docplanner could take it for a duplicate, else the first variant not
   * sent to this address within the window; when every variant was (never in practice), wait the window out.
   */
  choose(addressKey: string, w: SlotsWrite, time: ClinicTime, now: number): SlotsChoice {
    const recent = this.recent(addressKey, now);
    const sentAt = new Map(recent.map((s) => [s.hash, s.at]));
    if (!sentAt.has(payloadHash(w))) return { kind: 'send', write: w };
    let tried = 0;
    for (const body of slotsVariants(w.body, (ms) => time.format(ms))) {
      if (++tried > MAX_VARIANTS) break;
      if (!sentAt.has(stableHash(body))) return { kind: 'send', write: { ...w, body } };
    }
    return { kind: 'wait', until: sentAt.get(payloadHash(w))! + DUPLICATE_WINDOW_MS };
  }

  /** Records that this exact payload was (or may have been) sent to the address at `now`. */
  remember(addressKey: string, w: SlotsWrite, now: number): void {
    const hash = payloadHash(w);
    const kept = this.recent(addressKey, now).filter((s) => s.hash !== hash);
    this.meta.setJson(metaKey(addressKey), [...kept, { hash, at: now }]);
  }

  private recent(addressKey: string, now: number): Sent {
    const all = this.meta.getJson(metaKey(addressKey), SentSchema) ?? [];
    return all.filter((s) => now - s.at < DUPLICATE_WINDOW_MS);
  }
}
