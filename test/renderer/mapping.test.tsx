// Mapping screen: loading, error, empty, many rows; unmapped marks; suggestions (one / all); search; save
// sends the draft and shows SaveResult field errors next to their rows; create on Docplanner; remote.error.
import { screen, within } from '@testing-library/react';
import { makeMappingView } from './support/fixtures';
import { MemoryBridge } from './support/memory-bridge';
import { renderApp } from './support/render';

describe('mapping screen', () => {
  it('shows loading, then the clinic’s items beside Docplanner’s with unmapped ones marked', async () => {
    const bridge = new MemoryBridge();
    bridge.hold('getMapping');
    await renderApp({ bridge, screen: 'mapping' });
    expect(await screen.findByTestId('mapping-loading')).toBeInTheDocument();
    bridge.release('getMapping');
    const mapped = await screen.findByTestId('mapping-row-address-d1@l1');
    expect(mapped).toHaveAttribute('data-mapped', 'true');
    expect(within(mapped).getByRole('combobox', { name: 'Anna Nowak — Main Street' })).toHaveValue('ra1');
    const unmapped = screen.getByTestId('mapping-row-address-d2@l1');
    expect(unmapped).toHaveAttribute('data-mapped', 'false');
    expect(within(unmapped).getByTestId('mapping-row-address-d2@l1-unmapped')).toHaveTextContent(
      'Not linked',
    );
    expect(unmapped).toHaveTextContent('Suggested: dr Piotr Zieliński — ul. Główna 1 (Clinic One)');
    expect(screen.getByTestId('mapping-row-service-d1@l1-s1')).toHaveAttribute('data-mapped', 'true');
    expect(screen.getByTestId('mapping-row-service-d1@l1-s2')).toHaveAttribute('data-mapped', 'false');
    expect(screen.getByTestId('mapping-row-insurance-i1')).toHaveAttribute('data-mapped', 'false');
  });

  it('explains a failed load', async () => {
    const bridge = new MemoryBridge();
    bridge.fail('getMapping', { code: 'practice-db-locked', message: 'The practice database is locked.' });
    await renderApp({ bridge, screen: 'mapping' });
    expect(await screen.findByTestId('mapping-error')).toHaveTextContent('The practice database is locked.');
  });

  it('says when Docplanner could not be read', async () => {
    const view = makeMappingView();
    const mapping = {
      ...view,
      remote: { ...view.remote, facilities: [], readAt: null, error: 'Docplanner did not answer.' },
    };
    await renderApp({ state: { mapping }, screen: 'mapping' });
    expect(await screen.findByTestId('mapping-remote-error')).toHaveTextContent(
      'Docplanner could not be read',
    );
    expect(screen.getByTestId('mapping-remote-error')).toHaveTextContent('Docplanner did not answer.');
  });

  it('says when the practice system has nothing to map', async () => {
    const view = makeMappingView();
    const mapping = {
      ...view,
      local: { ...view.local, addresses: [], insurances: [], services: [] },
      mapping: { addresses: [], services: [], insurances: [] },
      suggestions: { addresses: [], services: [], insurances: [] },
    };
    await renderApp({ state: { mapping }, screen: 'mapping' });
    expect(
      await screen.findByText('Your practice system has no doctors with working hours yet.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mapping-accept-all')).toBeDisabled();
  });

  it('handles many rows and finds them by search', async () => {
    const view = makeMappingView();
    const addresses = Array.from({ length: 150 }, (_, i) => ({
      doctorId: `x${i}`,
      locationId: 'l1',
      label: `Doctor ${i} — Main Street`,
    }));
    const { user } = await renderApp({
      state: { mapping: { ...view, local: { ...view.local, addresses } } },
      screen: 'mapping',
    });
    expect(await screen.findAllByTestId(/^mapping-row-address-[^-]+$/)).toHaveLength(150);
    await user.click(screen.getByTestId('mapping-search'));
    await user.paste('Doctor 149');
    expect(screen.getAllByTestId(/^mapping-row-address-[^-]+$/)).toHaveLength(1);
    expect(screen.getByTestId('mapping-row-address-x149@l1')).toBeInTheDocument();
  });

  it('accepts one suggestion, or all of them, and saves the result', async () => {
    const { bridge, user } = await renderApp({ screen: 'mapping' });
    await user.click(await screen.findByTestId('mapping-row-insurance-i1-accept'));
    expect(screen.getByTestId('mapping-row-insurance-i1')).toHaveAttribute('data-mapped', 'true');
    expect(screen.getByTestId('mapping-accept-all')).toHaveTextContent('Accept all 2 suggestions');
    await user.click(screen.getByTestId('mapping-accept-all'));
    expect(screen.getByTestId('mapping-row-address-d2@l1')).toHaveAttribute('data-mapped', 'true');
    await user.click(screen.getByTestId('mapping-save'));
    const saved = bridge.inputsOf('saveMapping')[0]!;
    expect(saved.addresses.map((a) => a.addressId)).toEqual(['ra1', 'ra2']);
    expect(saved.services).toContainEqual({
      addressKey: 'd1@l1',
      localServiceId: 's2',
      addressServiceId: 'as2',
    });
    expect(saved.insurances).toEqual([
      { localInsuranceId: 'i1', insuranceProviderId: 'ip1', insurancePlanId: null },
    ]);
    expect(await screen.findByTestId('mapping-message')).toHaveTextContent('Mapping saved.');
  });

  it('keeps unsaved edits when the receptionist visits another screen, until discarded', async () => {
    const { bridge, user } = await renderApp({ screen: 'mapping' });
    await user.click(await screen.findByTestId('mapping-row-insurance-i1-accept'));
    expect(screen.getByTestId('mapping-unsaved')).toHaveTextContent('Unsaved changes');
    await user.click(screen.getByTestId('nav-status'));
    await user.click(screen.getByTestId('nav-mapping'));
    expect(screen.getByTestId('mapping-row-insurance-i1')).toHaveAttribute('data-mapped', 'true');
    expect(bridge.inputsOf('getMapping')).toHaveLength(1);
    await user.click(screen.getByTestId('mapping-discard'));
    expect(await screen.findByTestId('mapping-row-insurance-i1')).toHaveAttribute('data-mapped', 'false');
    expect(screen.queryByTestId('mapping-unsaved')).not.toBeInTheDocument();
  });

  it('unlinks an item when "not linked" is chosen', async () => {
    const { bridge, user } = await renderApp({ screen: 'mapping' });
    await user.selectOptions(await screen.findByTestId('mapping-row-service-d1@l1-s1-select'), '');
    await user.click(screen.getByTestId('mapping-save'));
    expect(bridge.inputsOf('saveMapping')[0]!.services).toEqual([]);
  });

  it('shows the engine’s field errors next to the row', async () => {
    const view = makeMappingView();
    const mapping = {
      ...view,
      mapping: { ...view.mapping, addresses: [{ ...view.mapping.addresses[0]!, addressId: 'gone' }] },
    };
    const { user } = await renderApp({ state: { mapping }, screen: 'mapping' });
    await user.click(await screen.findByTestId('mapping-save'));
    expect(await screen.findByTestId('mapping-message')).toHaveTextContent('The mapping was not saved.');
    const error = screen.getByTestId('mapping-row-address-d1@l1-error');
    expect(error).toHaveTextContent('This Docplanner address does not exist.');
    expect(
      within(screen.getByTestId('mapping-row-address-d1@l1')).getByRole('combobox'),
    ).toHaveAccessibleDescription('This Docplanner address does not exist.');
  });

  it('creates a missing address service on Docplanner', async () => {
    const { bridge, user } = await renderApp({ screen: 'mapping' });
    await user.click(await screen.findByTestId('mapping-row-service-d1@l1-s2-create'));
    const dialog = screen.getByRole('dialog', { name: 'Create “Ultrasound” on Docplanner' });
    expect(screen.getByTestId('create-service-confirm')).toBeDisabled();
    await user.selectOptions(within(dialog).getByTestId('create-service-choice'), 'ds9');
    await user.click(screen.getByTestId('create-service-confirm'));
    expect(bridge.inputsOf('createAddressService')).toEqual([
      { addressKey: 'd1@l1', localServiceId: 's2', serviceId: 'ds9' },
    ]);
    expect(await screen.findByTestId('mapping-message')).toHaveTextContent('Service ds9 created.');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('renders in Polish', async () => {
    const bridge = new MemoryBridge();
    bridge.state.settings = { ...bridge.state.settings, language: 'pl' };
    await renderApp({ bridge, screen: 'mapping' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Powiązania' })).toBeInTheDocument();
    expect(screen.getByTestId('mapping-row-address-d2@l1-unmapped')).toHaveTextContent('Bez powiązania');
  });
});
