// Priority lanes of the outbox (lower is sent first): 0 bookings, cancellations, moves and breaks within 2 days;
// 1 availability within 7 days; 2 other real-time changes; 3 the activation feed and far days (beyond 28 days).
import { addDays } from '../../practice/time';
import type { Lane, OutboxKind } from '../../store/outbox';

export function laneFor(kind: OutboxKind, day: string | null, today: string): Lane {
  const within = (n: number) => day !== null && day <= addDays(today, n);
  if (kind === 'booking') return 0;
  if (kind === 'break') return within(2) ? 0 : 2;
  if (within(7)) return 1;
  return within(28) ? 2 : 3;
}
