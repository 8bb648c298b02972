// Builds a Docplanner estate (simulator seed) that mirrors a practice DB: one Docplanner doctor per local doctor,
// one premium address per doctor-at-location, and per address the services its schedules offer in the horizon,
// with the same names (so the mapping screen's name suggestions find them) and their usual visit length, and
// the clinic's insurances as insurance providers linked to every address.
import type { DateRange, PracticeAdapter } from '../../engine/practice/adapter';
import type { SeedSpec } from '../../../test/simulator/estate';

export function mirrorSeedFromPractice(
  practice: PracticeAdapter,
  horizon: DateRange,
  facilityName: string,
): SeedSpec {
  const services = practice.listServices();
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const dictionaryId = new Map(services.map((s, i) => [s.id, String(101 + i)]));
  const locations = new Map(practice.listLocations().map((l) => [l.id, l]));
  const addresses = practice.listAddresses();
  const insurances = practice.listInsurances().map((ins, i) => ({ id: String(501 + i), name: ins.name }));

  const doctors = practice.listDoctors().map((doctor) => {
    const { first, last } = splitName(doctor.name);
    return {
      name: first,
      surname: last,
      addresses: addresses
        .filter((a) => a.doctorId === doctor.id)
        .map((a) => {
          const durations = new Map<string, Map<number, number>>();
          for (const day of practice.readDays(a, horizon)) {
            for (const p of day.periods) {
              for (const s of p.services) {
                const counts = durations.get(s.serviceId) ?? new Map<number, number>();
                counts.set(s.durationMinutes, (counts.get(s.durationMinutes) ?? 0) + 1);
                durations.set(s.serviceId, counts);
              }
            }
          }
          return {
            name: locations.get(a.locationId)?.name ?? a.label,
            insurance_support: insurances.length ? ('private_and_insurance' as const) : ('private' as const),
            insurance_providers: insurances.map((ins) => ({ id: ins.id })),
            services: [...durations].map(([serviceId, counts]) => ({
              service_id: dictionaryId.get(serviceId),
              name: serviceName.get(serviceId),
              duration: mostFrequent(counts),
            })),
          };
        }),
    };
  });

  return {
    services: services.map((s) => ({ id: dictionaryId.get(s.id)!, name: s.name })),
    insurance_providers: insurances.map((ins) => ({ id: ins.id, name: ins.name })),
    facilities: [{ name: facilityName, doctors }],
  };
}

function splitName(full: string): { first: string; last: string } {
  const clean = full.replace(/^(dr|lek\.|dr\.|prof\.)\s+/i, '').trim();
  const at = clean.lastIndexOf(' ');
  return at < 0 ? { first: clean, last: '' } : { first: clean.slice(0, at), last: clean.slice(at + 1) };
}

function mostFrequent(counts: Map<number, number>): number {
  let best = 30;
  let seen = -1;
  for (const [value, n] of counts) if (n > seen) [best, seen] = [value, n];
  return best;
}
