// The reference adapter and the worked-example mapping over the same generated clinic give identical canonical
// data: the mapping documented in docs/practice-mapping.md really reads that schema correctly.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalDaySchema } from '../../shared/canonical';
import type { SqlPracticeAdapter } from '../../electron/engine/practice/sql-adapter';
import { ALTERNATE_MAPPING_YAML } from '../../electron/engine/practice/sample/alternate';
import type { SampleClinicSummary } from '../../electron/engine/practice/sample/generate';
import { openMapping, openReference, sampleClinic, tempDir } from './helpers';

describe('reference schema and alternate schema + mapping', () => {
  let dir: string;
  let ref: SampleClinicSummary;
  let alt: SampleClinicSummary;
  let a: SqlPracticeAdapter;
  let b: SqlPracticeAdapter;

  beforeAll(() => {
    dir = tempDir();
    ref = sampleClinic(dir, 'reference.db');
    alt = sampleClinic(dir, 'alternate.db', { schema: 'alternate' });
    a = openReference(ref);
    b = openMapping(alt);
  });
  afterAll(() => {
    a.close();
    b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates the same clinic in both schemas, deterministically for a seed', () => {
    expect(alt.appointments).toBe(ref.appointments);
    expect(ref.appointments).toBeGreaterThan(300);
    const again = sampleClinic(dir, 'again.db');
    expect(again.appointments).toBe(ref.appointments);
  });

  it('lists the same doctors, locations, services, insurances and addresses', () => {
    expect(b.listDoctors()).toEqual(a.listDoctors());
    expect(b.listLocations()).toEqual(a.listLocations());
    expect(b.listServices()).toEqual(a.listServices());
    expect(b.listInsurances()).toEqual(a.listInsurances());
    expect(b.listAddresses()).toEqual(a.listAddresses());
    expect(a.listAddresses().length).toBeGreaterThanOrEqual(6);
  });

  it('reads identical canonical days for every address over the whole range', () => {
    let bookings = 0;
    const statuses = new Set<string>();
    for (const key of a.listAddresses()) {
      const range = { from: ref.from, to: ref.to };
      const x = a.readDays(key, range);
      const y = b.readDays(key, range);
      expect(y).toEqual(x);
      for (const day of x) {
        CanonicalDaySchema.parse(day);
        bookings += day.bookings.length;
        day.bookings.forEach((bk) => statuses.add(bk.status));
      }
    }
    expect(bookings).toBe(ref.appointments);
    expect([...statuses].sort()).toEqual(['booked', 'canceled', 'completed', 'confirmed', 'no-show']);
  });

  it('writes the documented mapping file beside the alternate database', () => {
    expect(fs.readFileSync(alt.mappingFile!, 'utf8')).toBe(ALTERNATE_MAPPING_YAML);
  });
});

describe('docs/practice-mapping.md', () => {
  it('prints the complete worked-example mapping, exactly as the tests use it', () => {
    const doc = fs.readFileSync(new URL('../../docs/practice-mapping.md', import.meta.url), 'utf8');
    expect(doc).toContain('```yaml\n' + ALTERNATE_MAPPING_YAML + '```');
  });
});
