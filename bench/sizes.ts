// How big each scenario is in each mode. `default` is sized to finish in about ten minutes on a busy 2-core
// machine; `full` runs what issue 6 names at full size; `quick` only proves the suite still runs (CI).
import type { ActivationSize } from './scenarios/activation';
import type { CatchUpSize } from './scenarios/catch-up';
import type { ClinicDaySize } from './scenarios/clinic-day';
import type { PracticeSize } from './scenarios/practice';

export type Mode = 'quick' | 'default' | 'full';

export interface Sizes {
  /** The first size feeds the clinic day (its reserve calendar is activated there); the one with the most
   *  addresses feeds the resync scenario; the one in `catchUpOn` the catch-up. */
  activation: ActivationSize[];
  clinicDay: ClinicDaySize;
  catchUp: CatchUpSize;
  catchUpOn: number;
  practice: PracticeSize;
}

export function sizesFor(mode: Mode): Sizes {
  switch (mode) {
    case 'quick':
      return {
        activation: [{ addresses: 2, days: 3, reserve: 1 }],
        clinicDay: {
          hours: 0.5,
          perHour: 12,
          marketPerHour: 4,
          bursts: 1,
          urgent: 3,
          urgentMinutes: 1,
          drainMinutes: 10,
        },
        catchUp: { pmsChanges: 20, marketEvents: 5, offlineDays: 4 },
        catchUpOn: 0,
        practice: { appointments: 50_000 },
      };
    case 'default':
      return {
        activation: [
          { addresses: 5, days: 84, reserve: 1 },
          { addresses: 20, days: 28 },
          { addresses: 50, days: 14 },
        ],
        clinicDay: {
          hours: 6,
          perHour: 14,
          marketPerHour: 3,
          bursts: 2,
          urgent: 15,
          urgentMinutes: 10,
          drainMinutes: 30,
        },
        catchUp: { pmsChanges: 2000, marketEvents: 300, offlineDays: 4 },
        catchUpOn: 1,
        practice: { appointments: 1_000_000 },
      };
    case 'full':
      return {
        activation: [
          { addresses: 5, days: 84, reserve: 1 },
          { addresses: 20, days: 84 },
          { addresses: 50, days: 84 },
        ],
        clinicDay: {
          hours: 10,
          perHour: 14,
          marketPerHour: 3,
          bursts: 2,
          urgent: 15,
          urgentMinutes: 10,
          drainMinutes: 30,
        },
        catchUp: { pmsChanges: 2000, marketEvents: 300, offlineDays: 4 },
        catchUpOn: 1,
        practice: { appointments: 1_000_000 },
      };
  }
}
