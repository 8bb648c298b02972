// Key/value settings of the engine that must survive restarts: the practice change checkpoint, the last
// notification pull, the last reconciliation result, the last successful cycle. Values are JSON, validated on read.
import type { z } from 'zod';
import type { StateDb } from './db';

/** The keys the engine uses; other modules may add their own (prefix them with their folder name). */
export const META_KEYS = {
  /** ChangeCheckpoint of the practice adapter, written only after the outbox rows it produced are committed. */
  checkpoint: 'practice.checkpoint',
  /** Epoch ms of the last successful notification pull (72 h rule of catch-up). */
  lastPullAt: 'inbound.last-pull-at',
  /** ReconciliationResult of the last reconciliation. */
  lastReconciliation: 'sync.last-reconciliation',
  /** Epoch ms of the last cycle that ended with nothing pending and no error. */
  lastSuccessAt: 'sync.last-success-at',
  /** Epoch ms when the engine last ran (any activity); used to tell how long the app was off. */
  lastSeenAt: 'sync.last-seen-at',
  /** Epoch ms of the last periodic reconciliation. */
  lastReconcileAt: 'sync.last-reconcile-at',
  /** Epoch ms of the last re-read of address services (mapping watch). */
  lastMappingCheckAt: 'mapping.last-check-at',
  /**
   * Days the inbound half wrote into the PMS since the last detection pass (JSON DayKey[]): the next pass
   * re-plans them whatever the change checkpoint says (see sync/outbound/detector.ts).
   */
  detectWatch: 'detect.watch',
  /** Epoch ms of the last audit retention pass (names erased after 30 days, entries deleted after a year). */
  lastRetentionAt: 'audit.last-retention-at',
} as const;

export class MetaRepo {
  constructor(private readonly db: StateDb) {}

  get(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? row.value : null;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  }

  /** The JSON value under `key` if it parses with `schema`; null when missing or unreadable. */
  getJson<T>(key: string, schema: z.ZodType<T>): T | null {
    const raw = this.get(key);
    if (raw === null) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  setJson(key: string, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }

  getNumber(key: string): number | null {
    const raw = this.get(key);
    if (raw === null) return null;
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  }

  setNumber(key: string, value: number): void {
    this.set(key, String(value));
  }
}
