// The pull notification queue: FIFO, a pulled notification is consumed, anything older than 72 h of simulated
// time is gone. One queue for the whole simulator (every API client sees the same estate; tests use one client).
import { HOUR } from './time';

export const NOTIFICATION_TTL_MS = 72 * HOUR;

export interface QueuedNotification {
  name: string;
  data: Record<string, unknown>;
  /** Sim epoch ms. */
  createdAt: number;
}

export class NotificationQueue {
  private items: QueuedNotification[] = [];
  private head = 0;

  constructor(private readonly now: () => number) {}

  push(name: string, data: Record<string, unknown>): void {
    this.items.push({ name, data, createdAt: this.now() });
  }

  private expire(): void {
    const cutoff = this.now() - NOTIFICATION_TTL_MS;
    while (this.head < this.items.length && this.items[this.head]!.createdAt <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes and returns up to `limit` of the oldest live notifications. */
  take(limit: number): QueuedNotification[] {
    this.expire();
    const taken = this.items.slice(this.head, this.head + limit);
    this.head += taken.length;
    return taken;
  }

  get size(): number {
    this.expire();
    return this.items.length - this.head;
  }

  peekAll(): QueuedNotification[] {
    this.expire();
    return this.items.slice(this.head);
  }
}
