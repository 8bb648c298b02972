// Plans the next write of one outbox key from the CURRENT PMS state (read at send time) against the links and
// pushed hashes: ten edits of one day are one PUT because the payload is computed here, not when enqueued.
import { type BlockedTime, type CanonicalDay, type LocalBooking } from '../../../../shared/canonical';
import type { PracticeAdapter } from '../../practice/adapter';
import { addDays, type ClinicTime } from '../../practice/time';
import { holdId } from '../../store/links';
import type { OutboxEntry } from '../../store/outbox';
import type { Repos } from '../../store/repos';
import { planBooking } from '../plan/booking';
import { planBreak } from '../plan/break';
import { addressContext, type AddressPlanContext } from '../plan/context';
import { desiredSlots, type SlotsProblem } from '../plan/slots';
import { takenTimes } from '../plan/taken';
import type { PlannedWrite } from '../plan/writes';

export interface KeyPlannerDeps {
  repos: Repos;
  practice: PracticeAdapter;
  time: ClinicTime;
  now: () => number;
  horizonDays: number;
  /** Called with problems found in the PMS data while planning a day (the engine raises conflicts). */
  onSlotsProblems?: (addressKey: string, problems: SlotsProblem[]) => void;
}

export type KeyPlan =
  | { kind: 'write'; write: PlannedWrite; ctx: AddressPlanContext; local: LocalBooking | null }
  | { kind: 'nothing' }
  /** The address is no longer mapped or activated: the key is dropped. */
  | { kind: 'unmapped' };

export class KeyPlanner {
  constructor(private readonly deps: KeyPlannerDeps) {}

  today(): string {
    return this.deps.time.dateOf(this.deps.now());
  }

  horizon(): { from: string; to: string } {
    const from = this.today();
    return { from, to: addDays(from, this.deps.horizonDays - 1) };
  }

  /** Context of an address that is mapped and activated (feeding or active), else null. */
  context(addressKey: string): AddressPlanContext | null {
    const link = this.deps.repos.mapping.getAddress(addressKey);
    if (!link || link.activation === 'inactive') return null;
    return addressContext(this.deps.repos, addressKey, this.deps.time);
  }

  readDay(addressKey: string, date: string): CanonicalDay | null {
    const link = this.deps.repos.mapping.getAddress(addressKey);
    if (!link) return null;
    return this.deps.practice.readDays(link.local, { from: date, to: date })[0] ?? null;
  }

  readRange(addressKey: string, from: string, to: string): CanonicalDay[] {
    const link = this.deps.repos.mapping.getAddress(addressKey);
    if (!link || to < from) return [];
    return this.deps.practice.readDays(link.local, { from, to });
  }

  plan(entry: OutboxEntry, opts: { slotUnavailable?: boolean } = {}): KeyPlan {
    const ctx = this.context(entry.addressKey);
    if (!ctx) return { kind: 'unmapped' };
    const now = this.deps.now();
    const sep = entry.key.indexOf(':');
    const id = entry.key.slice(sep + 1);
    if (entry.kind === 'slots') {
      const date = id.slice(id.lastIndexOf('/') + 1);
      if (date < this.today() || date > this.horizon().to) return { kind: 'nothing' };
      const day = this.readDay(entry.addressKey, date);
      if (!day) return { kind: 'nothing' };
      const want = desiredSlots(day, ctx);
      if (want.problems.length > 0) this.deps.onSlotsProblems?.(entry.addressKey, want.problems);
      if (this.deps.repos.pushedDays.get(entry.addressKey, date) === want.hash) return { kind: 'nothing' };
      return {
        kind: 'write',
        write: { op: 'replaceSlots', date, body: want.body, hash: want.hash },
        ctx,
        local: null,
      };
    }
    if (entry.kind === 'booking') {
      const link = this.deps.repos.bookings.get(id);
      const hold = this.deps.repos.breaks.get(holdId(id));
      const found = this.findBooking(entry.addressKey, id, [
        entry.day,
        link ? this.dateOf(link.start) : null,
        hold ? this.dateOf(hold.since) : null,
      ]);
      const local = found?.booking ?? null;
      const write = planBooking({
        local,
        localId: id,
        link,
        hold,
        daySlots: found ? desiredSlots(found.day, ctx).body : null,
        taken: found ? takenTimes(this.deps.repos, entry.addressKey, this.dayRange(found.day.date)) : [],
        nowMs: now,
        ctx,
        slotUnavailable: opts.slotUnavailable,
      });
      return write ? { kind: 'write', write, ctx, local } : { kind: 'nothing' };
    }
    const link = this.deps.repos.breaks.get(id);
    const local = this.findBreak(entry.addressKey, id, [entry.day, link ? this.dateOf(link.since) : null]);
    const write = planBreak({ local, localId: id, link, nowMs: now });
    return write ? { kind: 'write', write, ctx, local: null } : { kind: 'nothing' };
  }

  private dayRange(date: string): { fromMs: number; toMs: number } {
    const { time } = this.deps;
    return { fromMs: time.startOfDay(date), toMs: time.startOfDay(addDays(date, 1)) };
  }

  private dateOf(instant: string): string {
    return this.deps.time.dateOf(Date.parse(instant));
  }

  /**
   * The appointment as the PMS has it now, with its day. Looked up on the likely days first; before concluding it is gone
   * (which cancels it online) the whole horizon is searched, so a move to another day is never a cancel.
   */
  private findBooking(
    addressKey: string,
    id: string,
    days: (string | null)[],
  ): { booking: LocalBooking; day: CanonicalDay } | null {
    const tried = new Set<string>();
    for (const d of days) {
      if (!d || tried.has(d)) continue;
      tried.add(d);
      const day = this.readDay(addressKey, d);
      const booking = day?.bookings.find((b) => b.id === id);
      if (day && booking) return { booking, day };
    }
    const { from, to } = this.horizon();
    for (const day of this.readRange(addressKey, from, to)) {
      const booking = day.bookings.find((b) => b.id === id);
      if (booking) return { booking, day };
    }
    return null;
  }

  private findBreak(addressKey: string, id: string, days: (string | null)[]): BlockedTime | null {
    const tried = new Set<string>();
    for (const d of days) {
      if (!d || tried.has(d)) continue;
      tried.add(d);
      const found = this.readDay(addressKey, d)?.breaks.find((b) => b.id === id);
      if (found) return found;
    }
    return null;
  }
}
