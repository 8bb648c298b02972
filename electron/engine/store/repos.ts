// All repositories of the state DB, built once per open DB and handed to the engine's parts (outbound and inbound).
import { AuditRepo } from './audit';
import type { StateDb } from './db';
import { BookingLinksRepo, BreakLinksRepo } from './links';
import { MappingRepo } from './mapping';
import { MetaRepo } from './meta';
import { OutboxRepo } from './outbox';
import { PushedDaysRepo } from './pushed-days';

export interface Repos {
  db: StateDb;
  meta: MetaRepo;
  mapping: MappingRepo;
  bookings: BookingLinksRepo;
  breaks: BreakLinksRepo;
  pushedDays: PushedDaysRepo;
  outbox: OutboxRepo;
  audit: AuditRepo;
}

export function createRepos(db: StateDb): Repos {
  return {
    db,
    meta: new MetaRepo(db),
    mapping: new MappingRepo(db),
    bookings: new BookingLinksRepo(db),
    breaks: new BreakLinksRepo(db),
    pushedDays: new PushedDaysRepo(db),
    outbox: new OutboxRepo(db),
    audit: new AuditRepo(db),
  };
}
