// How big each scenario is in each mode. `default` is sized to finish in about ten minutes on a busy 2-core
// machine; `full` runs what issue 6 names at full size; `quick` only proves the suite still runs (CI).
import type { ActivationSize } from './scenarios/activation';

export type Mode = 'quick' | 'default' | 'full';

export interface Sizes {
  activation: ActivationSize[];
}

export function sizesFor(mode: Mode): Sizes {
  switch (mode) {
    case 'quick':
      return { activation: [{ addresses: 2, days: 3, reserve: 1 }] };
    case 'default':
      return {
        activation: [
          { addresses: 5, days: 84, reserve: 1 },
          { addresses: 20, days: 14 },
          { addresses: 50, days: 7 },
        ],
      };
    case 'full':
      return {
        activation: [
          { addresses: 5, days: 84, reserve: 1 },
          { addresses: 20, days: 84 },
          { addresses: 50, days: 84 },
        ],
      };
  }
}
