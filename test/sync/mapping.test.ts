// The mapping service against the simulator: both catalogs with name suggestions, a save validated against
// Docplanner (field errors), creating an address service on request, JSON import/export, and a mapped service
// vanishing on Docplanner → a 'mapping-vanished' conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_KEY, createWorld, DP, withRefusedLinks, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

describe('mapping', () => {
  it('shows both catalogs and suggests links by name', async () => {
    w = await createWorld({ activate: false });
    w.engine.repos.mapping.replaceMapping({ addresses: [], services: [], insurances: [] }, w.clock.now());
    const view = await w.run(w.engine.getMappingView());
    expect(view.remote.error).toBeNull();
    expect(view.remote.facilities[0]!.doctors[0]).toMatchObject({ id: DP.doctorId, name: 'Anna Nowak' });
    expect(view.remote.addressServices[DP.addressId]!.map((s) => s.id)).toEqual([
      DP.consultation,
      DP.control,
    ]);
    expect(view.local.addresses).toEqual([expect.objectContaining({ doctorId: '1', locationId: '1' })]);
    expect(view.suggestions.addresses).toEqual([
      {
        local: { doctorId: '1', locationId: '1' },
        facilityId: DP.facilityId,
        doctorId: DP.doctorId,
        addressId: DP.addressId,
      },
    ]);
    expect(view.suggestions.services).toEqual(
      expect.arrayContaining([
        { addressKey: ADDRESS_KEY, localServiceId: '1', addressServiceId: DP.consultation },
        { addressKey: ADDRESS_KEY, localServiceId: '2', addressServiceId: DP.control },
      ]),
    );
  });

  it('refuses ids Docplanner does not have, naming the field, and saves a valid mapping', async () => {
    w = await createWorld({ activate: false });
    const good = w.engine.exportMapping();
    const r = await w.run(w.engine.saveMapping(withRefusedLinks(good)));
    expect(r.ok).toBe(false);
    expect(r.errors).toMatchObject({
      'services.2.addressServiceId': 'This Docplanner service does not belong to the mapped address.',
      'addresses.1.addressId': 'This Docplanner address is already mapped to another calendar.',
    });
    expect(w.engine.exportMapping()).toEqual(good);
    const imported = await w.run(w.engine.importMapping(JSON.stringify(good)));
    expect(imported).toMatchObject({ ok: true });
  });

  it('creates an address service from a dictionary service and links it', async () => {
    w = await createWorld();
    const r = await w.run(
      w.engine.createAddressService({ addressKey: ADDRESS_KEY, localServiceId: '3', serviceId: '103' }),
    );
    expect(r.ok).toBe(true);
    const created = w.sim.control
      .state()
      .addresses[DP.addressId]!.addressServices.find((s) => s.service_id === '103');
    expect(created).toBeDefined();
    expect(w.engine.repos.mapping.serviceLinks(ADDRESS_KEY).get('3')).toBe(created!.id);
  });

  it('raises a mapping-vanished conflict when a mapped address service disappears on Docplanner', async () => {
    w = await createWorld({ config: { reconcileIntervalMs: 60_000 } });
    w.sim.control.doctorDeleteService(DP.addressId, DP.control);
    await w.wait(61_000);
    await w.run(w.engine.syncNow());
    const conflicts = w.engine.listConflicts({ kind: 'mapping-vanished' });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ addressKey: ADDRESS_KEY, status: 'open' });
  });
});
