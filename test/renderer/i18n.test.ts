// Catalogs: English and Polish found automatically, plural forms per language, placeholders, fallbacks, and
// dates in the clinic's time zone rather than the machine's.
import { catalogFor, catalogs, translate } from '../../renderer/i18n';
import { formatDateTime, formatDuration } from '../../renderer/format/format';
import en from '../../renderer/i18n/en';
import { errorText } from '../../renderer/i18n/error-text';

describe('i18n', () => {
  it('finds the English and Polish catalogs, each complete', () => {
    expect(Object.keys(catalogs).sort()).toEqual(['en', 'pl']);
    const keys = Object.keys(en.messages).sort();
    expect(Object.keys(catalogs.pl!.messages).sort()).toEqual(keys);
    for (const [key, value] of Object.entries(catalogs.pl!.messages)) {
      expect(typeof value === 'string' ? value : value.other, key).not.toBe('');
    }
  });

  it('chooses Polish plural forms', () => {
    const pl = catalogFor('pl');
    expect(translate(pl, 'conflicts.list', { count: 1 })).toBe('1 konflikt');
    expect(translate(pl, 'conflicts.list', { count: 3 })).toBe('3 konflikty');
    expect(translate(pl, 'conflicts.list', { count: 5 })).toBe('5 konfliktów');
    expect(translate(catalogFor('en'), 'conflicts.list', { count: 1 })).toBe('1 conflict');
    expect(translate(catalogFor('en'), 'conflicts.list', { count: 5 })).toBe('5 conflicts');
  });

  it('fills placeholders and falls back to English for an unknown language', () => {
    expect(translate(catalogFor('xx'), 'viewer.syncing-on', { pc: 'RECEPTION-2' })).toBe(
      'Syncing on RECEPTION-2.',
    );
    expect(translate(catalogFor('pl'), 'viewer.syncing-on', { pc: 'RECEPTION-2' })).toBe(
      'Synchronizuje komputer RECEPTION-2.',
    );
  });

  it('translates the renderer’s own errors and the engine’s codes, and keeps the plain words for the rest', () => {
    const pl = catalogFor('pl');
    expect(errorText(pl, { code: 'disconnected', message: 'lost' })).toBe(
      'Utracono połączenie z usługą synchronizacji. Ponawiam próbę…',
    );
    expect(errorText(pl, { code: 'auth', message: 'Docplanner did not accept the sign-in details' })).toBe(
      'Docplanner nie przyjął danych logowania.',
    );
    expect(errorText(pl, { code: 'something-new', message: 'A newer engine said this.' })).toBe(
      'A newer engine said this.',
    );
  });

  it('formats times in the clinic time zone and the UI locale', () => {
    const at = Date.UTC(2026, 2, 29, 1, 30); // the night Warsaw moves to summer time (CEST, UTC+2)
    expect(formatDateTime(at, { locale: 'pl-PL', timeZone: 'Europe/Warsaw' })).toContain('03:30');
    expect(formatDateTime(at, { locale: 'en-GB', timeZone: 'America/Mexico_City' })).toContain('19:30');
    expect(formatDuration(276, { locale: 'pl-PL', timeZone: 'UTC' })).toBe('5 minut');
    expect(formatDuration(276, { locale: 'en-GB', timeZone: 'UTC' })).toBe('5 minutes');
  });
});
