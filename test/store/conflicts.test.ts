import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../electron/engine/store/db';
import { ConflictRepo, type NewConflict } from '../../electron/engine/store/conflicts';

const repo = () => new ConflictRepo(openStateDb(join(mkdtempSync(join(tmpdir(), 'conflicts-')), 'state.db')));

const draft = (over: Partial<NewConflict> = {}): NewConflict => ({
  kind: 'double-booking',
  addressKey: 'd1@l1',
  dedupeKey: 'double-booking:b1',
  summary: 'A patient booked 2026-11-23 10:00 online, but that time is already taken.',
  local: {
    source: 'pms',
    start: '2026-11-23T10:00:00+01:00',
    end: null,
    patient: 'Anna Nowak',
    service: null,
    detail: null,
  },
  remote: {
    source: 'docplanner',
    start: '2026-11-23T10:00:00+01:00',
    end: null,
    patient: 'Jan Kowalski',
    service: null,
    detail: null,
  },
  options: [{ action: 'keep-both', label: 'Keep both', description: '…' }],
  context: { kind: 'double-booking', bookingId: 'b1' },
  ...over,
});

describe('conflict store', () => {
  it('raising the same problem twice keeps one open conflict, refreshed', () => {
    const conflicts = repo();
    const first = conflicts.raise(draft(), 1000);
    const second = conflicts.raise(draft({ summary: 'refreshed' }), 2000);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.stored.conflict).toMatchObject({
      id: first.stored.conflict.id,
      createdAt: 1000,
      summary: 'refreshed',
    });
    expect(conflicts.list()).toHaveLength(1);
    expect(conflicts.openCount()).toBe(1);
  });

  it('shows a failed attempt on the open conflict, and resolving records who chose what and the outcome', () => {
    const conflicts = repo();
    const { stored } = conflicts.raise(draft(), 1000);
    const id = stored.conflict.id;
    conflicts.recordFailedAttempt(id, {
      action: 'cancel-online',
      by: 'Ewa',
      at: 1500,
      error: 'Docplanner is offline',
    });
    expect(conflicts.get(id)!.conflict.summary).toContain('Docplanner is offline');
    expect(conflicts.get(id)!.conflict.status).toBe('open');
    expect(
      conflicts.resolve(id, { action: 'keep-both', by: 'Ewa', at: 2000, outcome: 'written as overbooking' }),
    ).toBe(true);
    expect(conflicts.resolve(id, { action: 'keep-both', by: 'Ewa', at: 2001, outcome: 'again' })).toBe(false);
    const resolved = conflicts.get(id)!.conflict;
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolution).toEqual({
      action: 'keep-both',
      by: 'Ewa',
      at: 2000,
      outcome: 'written as overbooking',
    });
    expect(conflicts.list()).toEqual([]);
    expect(conflicts.list({ status: 'all' })).toHaveLength(1);
    // The same problem happening again after resolution is a new conflict.
    expect(conflicts.raise(draft(), 3000).created).toBe(true);
  });

  it('filters by kind and address', () => {
    const conflicts = repo();
    conflicts.raise(draft(), 1);
    conflicts.raise(draft({ kind: 'remote-break', dedupeKey: 'rb', addressKey: 'd2@l1' }), 2);
    expect(conflicts.list({ kind: 'remote-break' }).map((c) => c.addressKey)).toEqual(['d2@l1']);
    expect(conflicts.list({ addressKey: 'd1@l1' }).map((c) => c.kind)).toEqual(['double-booking']);
    expect(conflicts.openCount('d2@l1')).toBe(1);
  });
});
