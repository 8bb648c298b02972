// Test bench for the inbound half: the simulator on 127.0.0.1 (virtual clock), the real Docplanner client over
// HTTP, a generated reference PMS in a temp dir (one day cleared so tests place exactly what they need), a real
// state DB, and the mapping between them. No mocks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocplannerClient } from '../../../electron/engine/docplanner/client';
import type { AddressRef } from '../../../electron/engine/docplanner/api';
import { openPracticeAdapter } from '../../../electron/engine/practice/open';
import { generateSampleClinic } from '../../../electron/engine/practice/sample/generate';
import { openStateDb } from '../../../electron/engine/store/db';
import { createRepos } from '../../../electron/engine/store/repos';
import { createInbound } from '../../../electron/engine/sync/inbound';
import type { InboundPolicy } from '../../../electron/engine/sync/inbound/deps';
import { VirtualClock } from '../../../electron/engine/util/clock';
import { startSimulator } from '../../simulator/index';
import { ReferencePms } from '../../support/reference-pms';

export const TZ = 'Europe/Warsaw';
/** The day every test works on: cleared in the PMS, opened 08:00–16:00 on Docplanner. */
export const DAY = '2026-11-25';
export const at = (hhmm: string): string => `${DAY}T${hhmm}:00+01:00`;
export const ADDRESS_KEY = '1@1';
export const LOCAL = { doctorId: '1', locationId: '1' };

export type Bench = Awaited<ReturnType<typeof createBench>>;

export async function createBench(opts: { policy?: Partial<InboundPolicy>; isLeader?: () => boolean } = {}) {
  const clock = new VirtualClock();
  const sim = await startSimulator({ clock, rateLimits: false, timeZone: TZ });
  const seeded = sim.control.seed({
    facilities: [
      {
        name: 'Przychodnia Test',
        doctors: [
          {
            name: 'Anna',
            surname: 'Lekarz',
            addresses: [
              {
                services: [
                  { service_id: '900', name: 'Consultation', duration: 20 },
                  { service_id: '901', name: 'Follow-up', duration: 15 },
                  { service_id: '902', name: 'Laser therapy', duration: 30 },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const facility = seeded.facilities[0]!;
  const doctor = facility.doctors[0]!;
  const address = doctor.addresses[0]!;
  const ref: AddressRef = { facilityId: facility.id, doctorId: doctor.id, addressId: address.id };
  const svc = {
    consultation: address.services[0]!.id,
    followUp: address.services[1]!.id,
    unmapped: address.services[2]!.id,
  };

  const dir = mkdtempSync(join(tmpdir(), 'inbound-'));
  const pmsPath = join(dir, 'pms.db');
  generateSampleClinic(pmsPath, {
    doctors: 1,
    locations: 1,
    days: 14,
    seed: 7,
    startDate: '2026-11-23',
    pastDays: 1,
  });
  const pms = new ReferencePms(pmsPath, { timeZone: TZ, now: () => clock.now() });
  pms.db
    .prepare(`DELETE FROM appointments WHERE starts_at >= ? AND starts_at < ?`)
    .run('2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z');
  pms.db
    .prepare(`DELETE FROM blocked_times WHERE starts_at >= ? AND starts_at < ?`)
    .run('2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z');
  const practice = openPracticeAdapter(
    { kind: 'reference', dbPath: pmsPath, timeZone: TZ },
    { now: () => clock.now(), busyTimeoutMs: 20 },
  );

  const state = openStateDb(join(dir, 'state.db'));
  const repos = createRepos(state);
  repos.mapping.replaceMapping(
    {
      addresses: [
        { local: LOCAL, facilityId: ref.facilityId, doctorId: ref.doctorId, addressId: ref.addressId },
      ],
      services: [
        { addressKey: ADDRESS_KEY, localServiceId: '1', addressServiceId: svc.consultation },
        { addressKey: ADDRESS_KEY, localServiceId: '2', addressServiceId: svc.followUp },
      ],
      insurances: [],
    },
    clock.now(),
  );
  repos.mapping.setActivation(ADDRESS_KEY, 'active', clock.now());

  const api = new DocplannerClient({
    baseUrl: sim.baseUrl,
    clientId: 'sim-client',
    clientSecret: 'sim-secret',
    clock,
  });
  await api.replaceSlots(ref, {
    slots: [
      {
        start: at('08:00'),
        end: at('16:00'),
        address_services: [
          { address_service_id: svc.consultation, duration: 20 },
          { address_service_id: svc.followUp, duration: 15 },
          { address_service_id: svc.unmapped, duration: 30 },
        ],
      },
    ],
  });
  const mappingChanges: string[] = [];
  const inbound = createInbound({
    repos,
    practice,
    api,
    clock,
    policy: opts.policy,
    onMappingChanged: (k) => mappingChanges.push(k),
    isLeader: opts.isLeader,
  });

  /** Appointments on the test day as the PMS holds them. */
  const appointments = () => pms.listAppointments({ date: DAY });
  /** Blocked times on the test day (direct SQL on the PMS file). */
  const blocks = () =>
    pms.db
      .prepare(
        `SELECT id, starts_at, ends_at, reason, external_id FROM blocked_times WHERE starts_at >= ? AND starts_at < ?`,
      )
      .all('2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z') as {
      id: number;
      starts_at: string;
      ends_at: string;
      reason: string | null;
      external_id: string | null;
    }[];
  /** A desk appointment made in the PMS by the receptionist. */
  const deskAppointment = (start: string, end: string, serviceId = 1): string =>
    pms.addAppointment({
      ...LOCAL,
      start,
      end,
      serviceId,
      patient: { firstName: 'Ewa', lastName: 'Desk', phone: '+48111222333' },
    });
  const remote = () => sim.control.state().addresses[ref.addressId]!;

  const close = async () => {
    inbound.stop();
    practice.close();
    pms.close();
    state.close();
    await sim.close();
  };

  return {
    clock,
    sim,
    ref,
    svc,
    api,
    repos,
    practice,
    inbound,
    pmsPath,
    pms,
    appointments,
    blocks,
    deskAppointment,
    remote,
    mappingChanges,
    close,
  };
}
