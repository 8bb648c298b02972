// The naive baseline: what a first hand-written integration does. It polls the PMS (the same change detection
// the product uses) and, for every address with any change, replaces the WHOLE horizon of that address (one
// `PUT slots` per day, every day) and then pushes that address's bookings in PMS order (appointment id order):
// book what is new, move what moved, cancel what was canceled or deleted. Any failed write is retried (3 attempts,
// 1 s apart) and then given up. No priorities, no coalescing beyond "one round per poll", no inbound.
// It uses the same Docplanner client class and rate budget as the product (40 writes/min), so it never earns a
// 429 the product would not, and the same payload builders (so both send the same bodies): only the strategy
// differs.
import type { DocplannerApi } from '../electron/engine/docplanner/api';
import type { PracticeAdapter, ChangeCheckpoint } from '../electron/engine/practice/adapter';
import { addDays, ClinicTime } from '../electron/engine/practice/time';
import type { AddressPlanContext } from '../electron/engine/sync/plan/context';
import { bookBody, isActive } from '../electron/engine/sync/plan/booking';
import { desiredSlots } from '../electron/engine/sync/plan/slots';
import type { Clock } from '../electron/engine/util/clock';
import type { LocalAddressKey, LocalBooking } from '../shared/canonical';

export interface NaiveOptions {
  api: DocplannerApi;
  practice: PracticeAdapter;
  clock: Clock;
  /** Mapped addresses: local key ("doctor@location") → planning context (Docplanner ids, service links). */
  contexts: Map<string, AddressPlanContext>;
  horizonDays: number;
  pollMs?: number;
  attempts?: number;
}

interface Link {
  dpId: string;
  start: string;
  end: string;
  addressKey: string;
}

export class NaiveSync {
  private readonly time: ClinicTime;
  private readonly links = new Map<string, Link>();
  private checkpoint: ChangeCheckpoint | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  /** Addresses the naive loop has not finished a round for (activation = every address). */
  private readonly dirty = new Set<string>();
  /** True while a round is running or changes are waiting for one. */
  busy = false;
  rounds = 0;
  failedWrites = 0;
  gaveUp = 0;

  constructor(private readonly o: NaiveOptions) {
    this.time = new ClinicTime(o.practice.timeZone);
  }

  /** Marks every mapped address for a full push (the naive activation) and starts the loop. */
  activateAll(): void {
    for (const key of this.o.contexts.keys()) this.dirty.add(key);
    this.busy = true;
  }

  /** Starts syncing one more address (its activation: a full push on the next round). */
  addAddress(addressKey: string, ctx: AddressPlanContext): void {
    this.o.contexts.set(addressKey, ctx);
    this.dirty.add(addressKey);
    this.busy = true;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Resolves true when nothing is waiting (checked every poll), false when still busy after `capMs`. */
  async settle(capMs = 12 * 3600_000): Promise<boolean> {
    const until = this.o.clock.now() + capMs;
    while (this.busy || this.dirty.size > 0) {
      if (this.o.clock.now() >= until) return false;
      await this.o.clock.sleep(this.o.pollMs ?? 2000);
    }
    return true;
  }

  private horizon(): { from: string; to: string } {
    const from = this.time.dateOf(this.o.clock.now());
    return { from, to: addDays(from, this.o.horizonDays - 1) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      const cs = this.o.practice.detectChanges(this.checkpoint, this.horizon());
      this.checkpoint = cs.checkpoint;
      for (const k of cs.changed) {
        const key = `${k.doctorId}@${k.locationId}`;
        if (this.o.contexts.has(key)) this.dirty.add(key);
      }
      this.busy = this.dirty.size > 0;
      for (const key of [...this.dirty].sort()) {
        if (!this.running) break;
        this.dirty.delete(key);
        await this.pushAddress(key);
      }
      this.busy = this.dirty.size > 0;
      this.rounds++;
      if (this.running) await this.o.clock.sleep(this.o.pollMs ?? 2000);
    }
  }

  private async pushAddress(addressKey: string): Promise<void> {
    const ctx = this.o.contexts.get(addressKey)!;
    const [doctorId, locationId] = addressKey.split('@') as [string, string];
    const key: LocalAddressKey = { doctorId, locationId };
    const days = this.o.practice.readDays(key, this.horizon());
    // 1. Replace the whole horizon, one PUT per day.
    for (const day of days) {
      const body = desiredSlots(day, ctx).body;
      await this.write(() => this.o.api.replaceSlots(ctx.ref, body));
    }
    // 2. Bookings in PMS order.
    const now = this.o.clock.now();
    const bookings: LocalBooking[] = days.flatMap((d) => d.bookings);
    bookings.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
    const seen = new Set<string>();
    for (const b of bookings) {
      seen.add(b.id);
      const link = this.links.get(b.id);
      const future = Date.parse(b.start) > now;
      if (isActive(b) && future && b.serviceId && ctx.services.get(b.serviceId) && b.patient.phone) {
        if (!link) {
          const r = await this.write(() => this.o.api.bookSlot(ctx.ref, b.start, bookBody(b, ctx)));
          if (r) this.links.set(b.id, { dpId: r.id, start: b.start, end: b.end, addressKey });
        } else if (link.start !== b.start || link.end !== b.end) {
          const r = await this.write(() =>
            this.o.api.moveBooking(ctx.ref, link.dpId, {
              address_service_id: ctx.services.get(b.serviceId!)!,
              start: b.start,
              duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
            }),
          );
          if (r) this.links.set(b.id, { dpId: r.id, start: b.start, end: b.end, addressKey });
        }
      } else if (link && !isActive(b)) {
        await this.write(() => this.o.api.cancelBooking(ctx.ref, link.dpId));
        this.links.delete(b.id);
      }
    }
    // Hard-deleted appointments of this address: cancel what we had booked.
    for (const [id, link] of [...this.links]) {
      if (link.addressKey !== addressKey || seen.has(id)) continue;
      if (Date.parse(link.start) <= now) continue;
      await this.write(() => this.o.api.cancelBooking(ctx.ref, link.dpId));
      this.links.delete(id);
    }
  }

  /** One write with the naive retry: up to `attempts` tries, 1 s apart; null when it never succeeded. */
  private async write<T>(send: () => Promise<T>): Promise<T | null> {
    const attempts = this.o.attempts ?? 3;
    for (let i = 1; i <= attempts; i++) {
      try {
        return await send();
      } catch {
        this.failedWrites++;
        if (i < attempts) await this.o.clock.sleep(1000);
      }
    }
    this.gaveUp++;
    return null;
  }
}
