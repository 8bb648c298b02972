// What the engine says, shown in Polish: the status reason, the last error, the cross-check summary, a conflict
// with its sides, options and outcome. The messages come from the engine's own builders (status.ts, drafts.ts),
// so a code the engine emits without a Polish text — or a renderer that shows the English — fails here.
import { screen, waitFor, within } from '@testing-library/react';
import type { Conflict } from '../../shared/bridge';
import { buildStatus, type AddressFacts } from '../../electron/engine/sync/status';
import { doubleBookingDraft, onlineBooking, patientNamed } from '../sync/support/fixtures';
import { makeSettings, makeStatus, NOW } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

const polish = makeSettings({ language: 'pl' });

const offlineAddress: AddressFacts = {
  key: 'd1@l1',
  label: 'Dr Anna Nowak — Główna',
  docplannerAddressId: 'ra1',
  activation: 'active',
  counts: { pending: 3, 'in-flight': 0, unknown: 0, blocked: 0 },
  nextRetryAt: null,
  openConflicts: 0,
  health: {
    kind: 'offline',
    error: { code: 'network', message: 'Docplanner could not be reached', at: NOW - 120_000 },
  },
  lastSuccessAt: NOW - 600_000,
  progress: null,
};

function engineStatus() {
  return buildStatus({
    now: NOW,
    paused: false,
    leader: true,
    lease: { role: 'standalone', holder: null, expiresAt: null },
    global: { kind: 'ok' },
    addresses: [offlineAddress],
    lastSuccessAt: NOW - 600_000,
    lastReconciliation: {
      at: NOW - 300_000,
      ok: true,
      differences: 2,
      repaired: 2,
      summary: '2 difference(s) found; 2 write(s) sent to repair them.',
      summaryCode: 'reconcile.repaired',
      summaryParams: { count: 2, repaired: 2 },
    },
    progress: null,
    drainSeconds: () => 5,
    blockedUntil: null,
    busy: false,
  });
}

function engineConflict(): Conflict {
  const draft = doubleBookingDraft(onlineBooking({ patient: patientNamed('Pacjent', '0042 Testowy') }));
  return {
    id: 'c1',
    kind: draft.kind,
    addressKey: draft.addressKey,
    createdAt: NOW - 60_000,
    summary: draft.summary,
    summaryCode: draft.summaryCode,
    summaryParams: draft.summaryParams,
    local: draft.local,
    remote: draft.remote,
    options: draft.options,
    status: 'open',
    resolution: null,
  };
}

describe('engine messages in Polish', () => {
  it('shows the status reason, the last error and the cross-check summary in Polish', async () => {
    const bridge = new MemoryBridge({ status: engineStatus(), settings: polish });
    await renderApp({ bridge });
    await waitFor(() =>
      expect(screen.getByTestId('global-reason')).toHaveTextContent(
        'Nie można połączyć się z Docplannerem; czekają 3 zmiany.',
      ),
    );
    expect(screen.getByTestId('global-error')).toHaveTextContent('Nie można połączyć się z Docplannerem.');
    expect(screen.getByTestId('global-error')).not.toHaveTextContent('could not be reached');
    expect(screen.getByTestId('global-reconciliation')).toHaveTextContent(
      'Znaleziono 2 różnice; zmiany wysłane, by je naprawić: 2.',
    );
    expect(screen.getByTestId('address-row-d1@l1')).toHaveTextContent(
      'Nie można połączyć się z Docplannerem.',
    );
  });

  it('shows a conflict, its sides and its options in Polish, and the outcome after resolving', async () => {
    const bridge = new MemoryBridge({ conflicts: [engineConflict()], settings: polish });
    const { user } = await renderApp({ bridge, screen: 'conflicts' });
    const card = await screen.findByTestId('conflict-card-c1');
    await waitFor(() =>
      expect(within(card).getByTestId('conflict-summary-c1')).toHaveTextContent(
        'Pacjent zarezerwował online termin 24 lis 2026, 10:00, ale ten termin jest już zajęty w systemie gabinetu.',
      ),
    );
    expect(within(card).getByTestId('conflict-local-c1')).toHaveTextContent('Termin już zajęty');
    expect(within(card).getByTestId('conflict-remote-c1')).toHaveTextContent('Pacjent 0042 Testowy'); // as sent
    expect(within(card).getByTestId('conflict-option-c1-keep-both')).toHaveTextContent('Zachowaj obie');
    expect(within(card).getByTestId('conflict-option-c1-cancel-online')).toHaveTextContent(
      'Anuluj rezerwację online',
    );
    expect(card).toHaveTextContent('obaj pacjenci zachowują swoje wizyty');
    expect(card).not.toHaveTextContent('Keep both');

    await user.click(within(card).getByTestId('conflict-option-c1-keep-both'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Zachowaj obie');
    expect(dialog).toHaveTextContent('Zapisuje rezerwację online w systemie gabinetu jako nadkomplet');
    await user.click(screen.getByTestId('conflict-confirm'));
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent(
      'Pacjent zarezerwował online termin 24 lis 2026, 10:00, ale ten termin jest już zajęty w systemie gabinetu: Wykonano: Zachowaj obie.',
    );
  });

  it('shows a resolved conflict’s outcome and a failed attempt in Polish', async () => {
    const open = { ...engineConflict(), lastFailedAction: 'cancel-online' };
    const resolved: Conflict = {
      ...engineConflict(),
      id: 'c2',
      status: 'resolved',
      resolution: {
        action: 'acknowledge',
        by: 'Ewa',
        at: NOW - 30_000,
        outcome: 'Marked as handled; the sync made no change.',
        outcomeCode: 'resolve.acknowledged',
        outcomeParams: {},
      },
    };
    const bridge = new MemoryBridge({ conflicts: [open, resolved], settings: polish });
    const { store } = await renderApp({ bridge, screen: 'conflicts' });
    store.setState({ conflictFilter: { status: 'all', kind: null, addressKey: null } });
    await store.getState().loadConflicts();
    await waitFor(() =>
      expect(screen.getByTestId('conflict-summary-c1')).toHaveTextContent(
        'Ostatnia próba („Anuluj rezerwację online”) nie powiodła się.',
      ),
    );
    expect(screen.getByTestId('conflict-resolution-c2')).toHaveTextContent(
      'Oznaczono jako załatwione; synchronizacja niczego nie zmieniła.',
    );
  });

  it('shows the English text for a code this window does not know (a newer engine)', async () => {
    const status = makeStatus({
      reason: 'Something only a newer engine can say.',
      reasonCode: 'status.brand-new' as never,
    });
    await renderApp({ bridge: new MemoryBridge({ status, settings: polish }) });
    await waitFor(() =>
      expect(screen.getByTestId('global-reason')).toHaveTextContent('Something only a newer engine can say.'),
    );
  });
});
