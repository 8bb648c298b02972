// A lively in-memory bridge for looking at the renderer without an engine: a generated clinic (generated
// patients only) with a syncing doctor, an error, an activation in progress, conflicts and 10,000 activity rows.
import type { StatusSnapshot } from '../../../shared/bridge';
import { makeActivity, makeAddress, makeConflict, makeStatus, NOW } from '../support/fixtures';
import { MemoryBridge } from '../support/memory-bridge';

export function previewStatus(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return makeStatus({
    state: 'syncing',
    reason: 'Sending 14 changes to Docplanner.',
    pending: 14,
    drainSeconds: 21,
    openConflicts: 2,
    lastReconciliation: {
      at: NOW - 40 * 60_000,
      ok: true,
      differences: 1,
      repaired: 1,
      summary: '1 difference found and repaired.',
    },
    addresses: [
      makeAddress(1, { label: 'Anna Nowak — Main Street', pending: 6, state: 'syncing' }),
      makeAddress(2, { label: 'Piotr Zieliński — Main Street' }),
      makeAddress(3, {
        label: 'Ewa Wiśniewska — Park Clinic',
        state: 'error',
        pending: 8,
        nextRetryAt: NOW + 90_000,
        lastError: {
          code: 'booking-refused',
          message: 'Docplanner refused a booking: the slot is no longer free.',
          at: NOW - 120_000,
        },
        openConflicts: 2,
      }),
      makeAddress(4, {
        label: 'Jan Kowalczyk — Park Clinic',
        state: 'syncing',
        progress: { kind: 'activation', done: 412, total: 1180, etaSeconds: 1150 },
      }),
      makeAddress(5, {
        label: 'Maria Lewandowska — Main Street',
        activated: false,
        lastSuccessAt: null,
        state: 'not-configured',
      }),
    ],
    ...over,
  });
}

export function previewBridge(over: Partial<StatusSnapshot> = {}): MemoryBridge {
  const bridge = new MemoryBridge({
    status: previewStatus(over),
    conflicts: [
      makeConflict(1),
      makeConflict(2, {
        kind: 'unmapped-service',
        summary: 'An online booking for “USG jamy brzusznej”, which is not linked to a service of yours.',
        local: null,
        options: [
          {
            action: 'map-service',
            label: 'Link to Ultrasound',
            description: 'Links the Docplanner service to “Ultrasound” and writes the booking.',
          },
          {
            action: 'cancel-remote',
            label: 'Cancel the online booking',
            description: 'Cancels it on Docplanner; the patient is told.',
          },
        ],
      }),
    ],
    activity: makeActivity(10_000),
  });
  bridge.state.settings = {
    ...bridge.state.settings,
    docplanner: { ...bridge.state.settings.docplanner, clientId: 'demo-client' },
  };
  return bridge;
}
