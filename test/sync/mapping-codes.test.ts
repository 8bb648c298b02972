// What the mapping screen shows after saving comes with message codes: the result, each field error (same paths
// as the English `errors`), a Docplanner read failure with its cause, and the activity entry of a saved mapping.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, withRefusedLinks, type World } from './support/harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

describe('mapping results carry codes', () => {
  it('invalid links: the result and every field error are coded, path by path', async () => {
    w = await createWorld({ activate: false });
    const good = w.engine.exportMapping();
    const r = await w.run(w.engine.saveMapping(withRefusedLinks(good)));
    expect(r).toMatchObject({ ok: false, code: 'mapping.invalid-links' });
    expect(Object.keys(r.errorCodes ?? {}).sort()).toEqual(Object.keys(r.errors).sort());
    expect(r.errorCodes).toMatchObject({
      'services.2.addressServiceId': { code: 'field.service-not-of-address', params: {} },
      'addresses.1.addressId': { code: 'field.address-taken', params: {} },
    });
  });

  it('an incomplete mapping: every schema problem is a coded field error', async () => {
    w = await createWorld({ activate: false });
    const r = await w.run(w.engine.saveMapping({ addresses: [{}], services: [], insurances: [] } as never));
    expect(r).toMatchObject({ ok: false, code: 'mapping.incomplete' });
    expect(Object.keys(r.errors).length).toBeGreaterThan(0);
    for (const path of Object.keys(r.errors)) expect(r.errorCodes?.[path]?.code).toBe('field.invalid');
  });

  it('Docplanner cannot be read: the cause is a code, not only English', async () => {
    w = await createWorld({ activate: false });
    w.sim.control.setFaults({ serverErrorRate: 1, operations: ['getFacilities'] });
    const r = await w.run(w.engine.saveMapping(w.engine.exportMapping()));
    expect(r).toMatchObject({ ok: false, code: 'mapping.remote-unreadable', params: { error: 'server' } });
    const view = await w.run(w.engine.getMappingView());
    expect(view.remote.errorCode).toBe('server');
  });

  it('a saved mapping: the result and its activity entry are coded with the counts', async () => {
    w = await createWorld({ activate: false });
    const m = w.engine.exportMapping();
    const r = await w.run(w.engine.saveMapping(m));
    expect(r).toMatchObject({ ok: true, code: 'mapping.saved' });
    const entry = w.engine.listActivity({ limit: 10 }).entries.find((e) => e.operation === 'saveMapping');
    expect(entry).toMatchObject({
      code: 'activity.mapping-saved',
      params: { count: m.addresses.length, services: m.services.length, insurances: m.insurances.length },
    });
  });

  it('creating a service for a calendar that is not linked: coded result and field error', async () => {
    w = await createWorld({ activate: false });
    const r = await w.run(
      w.engine.createAddressService({ addressKey: '9@9', localServiceId: '1', serviceId: '100' }),
    );
    expect(r).toMatchObject({
      ok: false,
      code: 'mapping.not-mapped',
      errorCodes: { addressKey: { code: 'field.calendar-not-mapped', params: {} } },
    });
  });
});
