// Generated test data for the renderer: status snapshots, conflicts, a mapping view, activity and settings.
// Patients are generated ("Patient 0001 Test"), never real people.
import type {
  ActivityEntry,
  AddressStatus,
  Conflict,
  MappingView,
  Settings,
  StatusSnapshot,
} from '../../../shared/bridge';

export const NOW = Date.UTC(2026, 10, 23, 9, 0, 0); // Monday 23 Nov 2026, 10:00 in Warsaw

export function makeAddress(i: number, over: Partial<AddressStatus> = {}): AddressStatus {
  return {
    key: `d${i}@l1`,
    label: `Dr Doctor ${i} — Main Street`,
    docplannerAddressId: `addr-${i}`,
    state: 'in-sync',
    activated: true,
    lastSuccessAt: NOW - 5 * 60_000,
    pending: 0,
    nextRetryAt: null,
    openConflicts: 0,
    lastError: null,
    progress: null,
    ...over,
  };
}

export function makeStatus(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    state: 'in-sync',
    reason: 'Everything is on Docplanner.',
    paused: false,
    lastSuccessAt: NOW - 60_000,
    pending: 0,
    drainSeconds: 0,
    openConflicts: 0,
    lastReconciliation: null,
    progress: null,
    lastError: null,
    addresses: [makeAddress(1), makeAddress(2)],
    lease: { role: 'standalone', holder: null, expiresAt: null },
    at: NOW,
    ...over,
  };
}

export function makeConflict(i: number, over: Partial<Conflict> = {}): Conflict {
  return {
    id: `c${i}`,
    kind: 'double-booking',
    addressKey: 'd1@l1',
    createdAt: NOW - i * 60_000,
    summary: `Two bookings at the same time (${i}).`,
    local: {
      source: 'pms',
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T10:30:00+01:00',
      patient: `Patient ${String(i).padStart(4, '0')} Local`,
      service: 'Consultation',
      detail: null,
    },
    remote: {
      source: 'docplanner',
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T10:30:00+01:00',
      patient: `Patient ${String(i).padStart(4, '0')} Online`,
      service: 'Consultation',
      detail: 'Booked online',
    },
    options: [
      {
        action: 'keep-local',
        label: 'Keep the desk booking',
        description: 'Cancels the online booking and tells the patient.',
      },
      {
        action: 'keep-remote',
        label: 'Keep the online booking',
        description: 'Moves the desk booking to the waiting list.',
      },
    ],
    status: 'open',
    resolution: null,
    ...over,
  };
}

export function makeMappingView(over: Partial<MappingView> = {}): MappingView {
  return {
    local: {
      doctors: [
        { id: 'd1', name: 'Anna Nowak' },
        { id: 'd2', name: 'Piotr Zieliński' },
      ],
      locations: [{ id: 'l1', name: 'Main Street' }],
      services: [
        { id: 's1', name: 'Consultation', defaultDurationMinutes: 30 },
        { id: 's2', name: 'Ultrasound', defaultDurationMinutes: 20 },
      ],
      insurances: [{ id: 'i1', name: 'NFZ' }],
      addresses: [
        { doctorId: 'd1', locationId: 'l1', label: 'Anna Nowak — Main Street' },
        { doctorId: 'd2', locationId: 'l1', label: 'Piotr Zieliński — Main Street' },
      ],
    },
    remote: {
      facilities: [
        {
          id: 'f1',
          name: 'Clinic One',
          doctors: [
            {
              id: 'rd1',
              name: 'dr Anna Nowak',
              addresses: [{ id: 'ra1', name: 'ul. Główna 1', commercial: true }],
            },
            {
              id: 'rd2',
              name: 'dr Piotr Zieliński',
              addresses: [{ id: 'ra2', name: 'ul. Główna 1', commercial: true }],
            },
          ],
        },
      ],
      addressServices: {
        ra1: [
          { id: 'as1', name: 'Konsultacja', durationMinutes: 30 },
          { id: 'as2', name: 'USG', durationMinutes: 20 },
        ],
        ra2: [{ id: 'as3', name: 'Konsultacja', durationMinutes: 30 }],
      },
      insuranceProviders: [{ id: 'ip1', name: 'Narodowy Fundusz Zdrowia' }],
      dictionaryServices: [{ id: 'ds9', name: 'USG jamy brzusznej' }],
      readAt: NOW,
      error: null,
    },
    mapping: {
      addresses: [
        { local: { doctorId: 'd1', locationId: 'l1' }, facilityId: 'f1', doctorId: 'rd1', addressId: 'ra1' },
      ],
      services: [{ addressKey: 'd1@l1', localServiceId: 's1', addressServiceId: 'as1' }],
      insurances: [],
    },
    suggestions: {
      addresses: [
        { local: { doctorId: 'd2', locationId: 'l1' }, facilityId: 'f1', doctorId: 'rd2', addressId: 'ra2' },
      ],
      services: [{ addressKey: 'd1@l1', localServiceId: 's2', addressServiceId: 'as2' }],
      insurances: [{ localInsuranceId: 'i1', insuranceProviderId: 'ip1', insurancePlanId: null }],
    },
    ...over,
  };
}

/** `count` entries, newest (highest id) first; every third one concerns a patient. */
export function makeActivity(count: number): ActivityEntry[] {
  return Array.from({ length: count }, (_, n) => {
    const id = count - n;
    const hasPatient = id % 3 === 0;
    return {
      id,
      at: NOW - n * 30_000,
      direction: id % 2 === 0 ? 'out' : 'in',
      operation: hasPatient ? 'bookSlot' : 'replaceSlots',
      addressKey: 'd1@l1',
      outcome: id % 10 === 0 ? 'failed' : 'ok',
      summary: hasPatient ? `Booking ${id} for P*** T***` : `Availability of day ${id} sent`,
      hasPatient,
    };
  });
}

export const patientOf = (id: number): string => `Patient ${String(id).padStart(4, '0')} Test`;

export function makeSettings(over: Partial<Settings> = {}): Settings {
  return {
    docplanner: { locale: 'pl', baseUrl: null, clientId: 'clinic-client', hasSecret: true },
    practice: { dbPath: 'C:\\PMS\\clinic.sqlite', adapter: 'reference', mappingFile: null },
    timeZone: 'Europe/Warsaw',
    horizonDays: 84,
    intervals: { pullSeconds: 30, reconcileMinutes: 60 },
    startOnLogin: true,
    language: 'en',
    ...over,
  };
}
