// What the engine answers to the receptionist's actions, shown in Polish by its message codes: the activation
// preview's blockers and warnings and the start's result, a mapping save refused field by field, a Docplanner
// read failure with its cause, the settings save and the connection test, pause, and a viewer PC's "sent to".
// The answers are shaped as the engine sends them (codes + params beside the English; the engine-side tests
// check it emits these codes). Nothing of the English may show.
import { screen, within } from '@testing-library/react';
import type { ActivationPreview } from '../../shared/bridge';
import { makeAddress, makeMappingView, makeSettings, makeStatus, NOW } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

const polish = makeSettings({ language: 'pl' });

const blockedPreview: ActivationPreview = {
  addressKey: 'd5@l1',
  days: 84,
  daysWithAvailability: 60,
  bookings: 12,
  breaks: 1,
  writes: 97,
  etaSeconds: 150,
  blockers: [
    'No practice service is mapped to a Docplanner service for this calendar.',
    'Work on 2026-11-28 09:00–10:00 offers only services that are not mapped to Docplanner (practice service 7); that time is not published.',
    '…and 3 more days with the same problem.',
  ],
  warnings: ['The Docplanner calendar will be enabled.'],
  blockerMessages: [
    {
      text: 'No practice service is mapped to a Docplanner service for this calendar.',
      code: 'activation.no-services',
      params: {},
    },
    {
      text: 'Work on 2026-11-28 09:00–10:00 offers only services that are not mapped to Docplanner (practice service 7); that time is not published.',
      code: 'conflict.unmapped-service-hours',
      params: { start: '2026-11-28T09:00:00+01:00', end: '2026-11-28T10:00:00+01:00' },
    },
    { text: '…and 3 more days with the same problem.', code: 'activation.more-days', params: { count: 3 } },
  ],
  warningMessages: [
    { text: 'The Docplanner calendar will be enabled.', code: 'activation.will-enable', params: {} },
  ],
};

function polishBridge() {
  const addresses = [makeAddress(1), makeAddress(5, { activated: false, lastSuccessAt: null })];
  return new MemoryBridge({ settings: polish, status: makeStatus({ addresses }) });
}

describe('the engine’s answers to actions, in Polish', () => {
  it('activation: every blocker and the warning in Polish, the period in the clinic’s time', async () => {
    const bridge = polishBridge();
    bridge.state.preview = blockedPreview;
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('activate-d5@l1'));
    const blockers = await screen.findByTestId('activation-blockers');
    expect(
      within(blockers)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Żadna usługa gabinetu nie jest powiązana z usługą Docplannera dla tego kalendarza.',
      'Praca 28 lis 2026, 09:00–10:00 obejmuje tylko usługi niepołączone z Docplannerem; ten czas nie jest publikowany.',
      '…i jeszcze 3 dni z tym samym problemem.',
    ]);
    expect(screen.getByTestId('activation-preview')).toHaveTextContent(
      'Kalendarz w Docplannerze zostanie włączony.',
    );
    expect(screen.getByTestId('activation-preview')).not.toHaveTextContent(
      /Docplanner calendar|practice service/,
    );
    expect(screen.getByTestId('activation-confirm')).toBeDisabled();
  });

  it('activation: the start’s result in Polish', async () => {
    const bridge = polishBridge();
    bridge.answer('startActivation', () => ({
      ok: true,
      message: 'Activation started: 97 change(s) to send, about 3 min.',
      code: 'activation.started',
      params: { count: 97, minutes: 3 },
    }));
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('activate-d5@l1'));
    await user.click(await screen.findByTestId('activation-confirm'));
    expect(await screen.findByTestId('activation-result')).toHaveTextContent(
      'Aktywacja rozpoczęta: 97 zmian do wysłania, około 3 min.',
    );
  });

  it('mapping: a refused save — the result, the row’s error and an error of no row — in Polish', async () => {
    const bridge = new MemoryBridge({ settings: polish, mapping: makeMappingView() });
    bridge.answer('saveMapping', () => ({
      ok: false,
      message: 'Some links are not valid; see the marked fields.',
      code: 'mapping.invalid-links',
      params: {},
      errors: {
        'addresses.0.addressId': 'This Docplanner address is already mapped to another calendar.',
        '(mapping)': 'Required',
      },
      errorCodes: {
        'addresses.0.addressId': { code: 'field.address-taken', params: {} },
        '(mapping)': { code: 'field.invalid', params: {} },
      },
    }));
    const { user } = await renderApp({ bridge, screen: 'mapping' });
    await user.click(await screen.findByTestId('mapping-save'));
    expect(await screen.findByTestId('mapping-message')).toHaveTextContent(
      'Niektóre powiązania są nieprawidłowe; zobacz zaznaczone pola.',
    );
    const error = screen.getByTestId('mapping-row-address-d1@l1-error');
    expect(error).toHaveTextContent('Ten adres w Docplannerze jest już powiązany z innym kalendarzem.');
    expect(
      within(screen.getByTestId('mapping-row-address-d1@l1')).getByRole('combobox'),
    ).toHaveAccessibleDescription('Ten adres w Docplannerze jest już powiązany z innym kalendarzem.');
    expect(screen.getByTestId('mapping-errors')).toHaveTextContent('Sprawdź tę wartość.');
    expect(document.body).not.toHaveTextContent(/already mapped|not valid|Required/);
  });

  it('mapping: Docplanner could not be read — the cause in Polish', async () => {
    const view = makeMappingView();
    const mapping = {
      ...view,
      remote: {
        ...view.remote,
        facilities: [],
        readAt: null,
        error: 'Docplanner had a problem answering',
        errorCode: 'server',
      },
    };
    await renderApp({ state: { settings: polish, mapping }, screen: 'mapping' });
    expect(await screen.findByTestId('mapping-remote-error')).toHaveTextContent(
      'Nie udało się odczytać Docplannera, więc jego listy poniżej mogą być puste lub nieaktualne. Docplanner miał problem z odpowiedzią.',
    );
  });

  it('settings: a refused save and the connection test in Polish', async () => {
    const bridge = new MemoryBridge({ settings: polish });
    bridge.answer('saveSettings', () => ({
      ok: false,
      message: 'Some settings need attention.',
      code: 'settings.need-attention',
      params: {},
      errors: { 'practice.dbPath': 'No file at this path.' },
      errorCodes: { 'practice.dbPath': { code: 'field.no-file', params: {} } },
    }));
    bridge.answer('testConnection', () => ({
      ok: false,
      message: 'The connection test failed: Docplanner did not accept the client ID/secret.',
      code: 'connection.failed',
      params: { error: 'auth' },
    }));
    const { user } = await renderApp({ bridge, screen: 'settings' });
    await user.click(await screen.findByTestId('settings-save'));
    expect(await screen.findByTestId('settings-message')).toHaveTextContent(
      'Niektóre ustawienia wymagają uwagi.',
    );
    expect(screen.getByTestId('settings-db-path-error')).toHaveTextContent('Pod tą ścieżką nie ma pliku.');
    await user.click(screen.getByTestId('settings-test-connection'));
    expect(await screen.findByTestId('settings-test-result')).toHaveTextContent(
      'Test połączenia nie powiódł się: Docplanner nie przyjął danych logowania.',
    );
  });

  it('a viewer PC’s request sent to the PC that syncs, in Polish', async () => {
    const bridge = new MemoryBridge({
      settings: polish,
      status: makeStatus({ lease: { role: 'viewer', holder: 'RECEPTION-1', expiresAt: NOW + 30_000 } }),
    });
    bridge.answer('syncNow', () => ({
      ok: true,
      message: 'Sent to RECEPTION-1, the PC that syncs.',
      code: 'viewer.sent',
      params: { holder: 'RECEPTION-1' },
    }));
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('sync-all'));
    expect(await screen.findByTestId('status-notice')).toHaveTextContent(
      'Wysłano do komputera RECEPTION-1, który synchronizuje.',
    );
  });

  it('pause in Polish', async () => {
    const bridge = new MemoryBridge({ settings: polish });
    bridge.answer('setPaused', () => ({
      ok: true,
      message: 'Sync paused.',
      code: 'sync.paused',
      params: {},
    }));
    const { user } = await renderApp({ bridge });
    await user.click(await screen.findByTestId('pause-toggle'));
    expect(await screen.findByTestId('status-notice')).toHaveTextContent('Synchronizacja wstrzymana.');
  });
});
