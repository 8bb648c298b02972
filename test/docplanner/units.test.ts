// Small pure parts of the client: marketplaces, range splitting, masking of personal data in server messages,
// reset-time headers, lenient field errors.
import { describe, expect, it } from 'vitest';
import { LOCALES, endpointsForBaseUrl, resolveEndpoints } from '../../electron/engine/docplanner/locales';
import { splitRange } from '../../electron/engine/docplanner/dates';
import {
  maskPersonalData,
  parseFieldErrors,
  parseResetHeader,
} from '../../electron/engine/docplanner/http-errors';

describe('locales', () => {
  it('knows the 13 marketplaces and builds API and token URLs from the domain', () => {
    expect(LOCALES).toHaveLength(13);
    expect(resolveEndpoints({ locale: 'pl' })).toEqual({
      baseUrl: 'https://www.znanylekarz.pl/api/v3/integration',
      tokenUrl: 'https://www.znanylekarz.pl/oauth/v2/token',
    });
    expect(resolveEndpoints({ locale: 'br' }).baseUrl).toBe(
      'https://www.doctoralia.com.br/api/v3/integration',
    );
    expect(resolveEndpoints({ locale: 'de' }).tokenUrl).toBe('https://www.jameda.de/oauth/v2/token');
  });

  it('an explicit base URL wins; its token URL sits on the same origin', () => {
    expect(resolveEndpoints({ locale: 'pl', baseUrl: 'http://127.0.0.1:4010/api/v3/integration/' })).toEqual({
      baseUrl: 'http://127.0.0.1:4010/api/v3/integration',
      tokenUrl: 'http://127.0.0.1:4010/oauth/v2/token',
    });
  });

  it('refuses a missing or unusable address', () => {
    expect(() => resolveEndpoints({})).toThrow(/locale|base URL/);
    expect(() => endpointsForBaseUrl('not a url')).toThrow(/not a valid URL/);
    expect(() => endpointsForBaseUrl('ftp://example.com/api')).toThrow(/https/);
  });
});

describe('splitRange', () => {
  it('keeps a range within the limit as it is', () => {
    expect(splitRange('2026-11-24T00:00:00+01:00', '2027-05-23T00:00:00+02:00', 180)).toEqual([
      ['2026-11-24T00:00:00+01:00', '2027-05-23T00:00:00+02:00'],
    ]);
  });

  it('splits a long range into ≤180-day chunks that cover it without gaps, in the start offset', () => {
    const chunks = splitRange('2026-11-24T00:00:00+01:00', '2027-11-24T00:00:00+01:00', 180);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]![0]).toBe('2026-11-24T00:00:00+01:00');
    expect(chunks.at(-1)![1]).toBe('2027-11-24T00:00:00+01:00');
    for (let i = 0; i < chunks.length; i++) {
      const [from, to] = chunks[i]!;
      expect(Date.parse(to) - Date.parse(from)).toBeLessThanOrEqual(180 * 86_400_000);
      if (i > 0) expect(from).toBe(chunks[i - 1]![1]);
      expect(from).toMatch(/\+01:00$/);
    }
  });
});

describe('maskPersonalData', () => {
  it('masks e-mail addresses and phone numbers, keeps ids and date-times', () => {
    expect(maskPersonalData('Patient jan.kowalski@example.com already exists')).toBe(
      'Patient *** already exists',
    );
    expect(maskPersonalData('Phone +48 500 100 200 is invalid')).toBe('Phone *** is invalid');
    expect(maskPersonalData('Phone 500-100-200 is invalid')).toBe('Phone *** is invalid');
    const slot = 'Unable to perform booking. Requested target slot (2026-11-24T09:00:00+01:00) not found';
    expect(maskPersonalData(slot)).toBe(slot);
    expect(maskPersonalData('Visit 123456 cannot be canceled because it is not booked')).toContain('123456');
  });
});

describe('headers and bodies', () => {
  const now = Date.UTC(2026, 10, 23, 7, 0, 0);
  it('reads X-RateLimit-Reset as an ISO instant, epoch seconds, epoch ms or seconds from now', () => {
    expect(parseResetHeader('2026-11-23T08:01:00+01:00', now)).toBe(now + 60_000);
    expect(parseResetHeader(String((now + 5000) / 1000), now)).toBe(now + 5000);
    expect(parseResetHeader(String(now + 5000), now)).toBe(now + 5000);
    expect(parseResetHeader('30', now)).toBe(now + 30_000);
    expect(parseResetHeader('soon', now)).toBeUndefined();
  });

  it('reads `errors` as an array, an object of arrays or an object of strings', () => {
    expect(parseFieldErrors({ errors: ['a', 'b'] })).toEqual({ _: ['a', 'b'] });
    expect(parseFieldErrors({ errors: { 'slots[0].end': ['too far'] } })).toEqual({
      'slots[0].end': ['too far'],
    });
    expect(parseFieldErrors({ errors: { phone: 'invalid' } })).toEqual({ phone: ['invalid'] });
    expect(parseFieldErrors({ message: 'x' })).toEqual({});
  });
});
