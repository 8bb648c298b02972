// Every engine message code and resolution action of shared/message-codes.ts has words in every UI language
// (English and Polish at least): adding a code without translating it fails here. Translations use only the
// params the code declares, and plural messages have the forms Intl.PluralRules needs.
import { describe, expect, it } from 'vitest';
import { MESSAGES, MESSAGE_CODES, RESOLUTION_ACTIONS } from '../../shared/message-codes';
import type { MessageValue } from '../../renderer/i18n/catalog';
import { catalogs } from '../../renderer/i18n';
import { engineText } from '../../renderer/i18n/engine-text';

const languages = Object.keys(catalogs);
const placeholders = (value: MessageValue): string[] =>
  (typeof value === 'string' ? [value] : Object.values(value)).flatMap((text) =>
    [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  );

describe('engine message translations', () => {
  it('English and Polish are there', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'pl']));
  });

  describe.each(languages)('%s', (language) => {
    const messages = catalogs[language]!.messages as Record<string, MessageValue | undefined>;

    it('has words for every message code, using only the params the code declares', () => {
      const missing = MESSAGE_CODES.filter((code) => !messages[`msg.${code}`]);
      expect(missing).toEqual([]);
      for (const code of MESSAGE_CODES) {
        const declared = Object.keys(MESSAGES[code]);
        for (const name of placeholders(messages[`msg.${code}`]!)) {
          expect(declared, `msg.${code} uses {${name}}`).toContain(name);
        }
      }
    });

    it('has a label and a description for every resolution action', () => {
      const missing = RESOLUTION_ACTIONS.flatMap((a) => [`action.${a}`, `action.${a}.description`]).filter(
        (key) => !messages[key],
      );
      expect(missing).toEqual([]);
    });

    it('gives plural messages the forms the language needs', () => {
      const rules = new Intl.PluralRules(catalogs[language]!.locale).resolvedOptions().pluralCategories;
      for (const code of MESSAGE_CODES) {
        const value = messages[`msg.${code}`];
        if (!value || typeof value === 'string') continue;
        for (const form of rules.filter((f) => f !== 'zero' && f !== 'two')) {
          if (form === 'other' || form === 'one') expect(value[form], `msg.${code}.${form}`).toBeTruthy();
          else expect(value[form as 'few' | 'many'] ?? value.other, `msg.${code}.${form}`).toBeTruthy();
        }
      }
    });
  });

  it('falls back to the engine’s English only for a missing or unknown code', () => {
    const pl = catalogs.pl!;
    const ctx = { locale: pl.locale, timeZone: 'Europe/Warsaw' };
    expect(engineText(pl, ctx, { text: 'Sync is paused.', code: 'status.paused' })).toBe(
      'Synchronizacja jest wstrzymana.',
    );
    expect(engineText(pl, ctx, { text: 'A newer engine said this.', code: 'status.brand-new' })).toBe(
      'A newer engine said this.',
    );
    expect(engineText(pl, ctx, { text: 'Old record.' })).toBe('Old record.');
    // A nested code the UI does not know: the whole English sentence, never half-translated.
    expect(
      engineText(pl, ctx, {
        text: 'Docplanner is on fire; 2 change(s) waiting.',
        code: 'status.offline-waiting',
        params: { error: 'on-fire', count: 2 },
      }),
    ).toBe('Docplanner is on fire; 2 change(s) waiting.');
  });

  it('formats instants in the clinic’s time zone, not as the engine wrote them', () => {
    const pl = catalogs.pl!;
    const text = engineText(
      pl,
      { locale: pl.locale, timeZone: 'Europe/Warsaw' },
      {
        text: 'A break 2026-11-24 09:00–11:00 …',
        code: 'conflict.remote-break-free',
        params: { start: '2026-11-24T08:00:00Z', end: '2026-11-24T10:00:00Z' },
      },
    );
    expect(text).toBe(
      'W Docplannerze dodano przerwę 24 lis 2026, 09:00–11:00; system gabinetu nie blokuje tego czasu.',
    );
  });

  it('shows a calendar date in the UI locale without moving it to another day', () => {
    const pl = catalogs.pl!;
    // A clinic on the other side of UTC must still see the day the engine meant.
    const ctx = { locale: pl.locale, timeZone: 'America/Los_Angeles' };
    expect(
      engineText(pl, ctx, {
        text: 'Published availability of 2026-11-24',
        code: 'activity.out.slots',
        params: { date: '2026-11-24' },
      }),
    ).toBe('Opublikowano dostępność na 24 lis 2026');
  });

  it('translates a message inside a message with the same params, or shows the English', () => {
    const pl = catalogs.pl!;
    const ctx = { locale: pl.locale, timeZone: 'Europe/Warsaw' };
    const failed = {
      text: 'Booked the appointment at 2026-11-24 10:00: Docplanner could not be reached',
      code: 'activity.out.failed',
      params: { write: 'activity.out.book', start: '2026-11-24T10:00:00+01:00', error: 'network' },
    };
    expect(engineText(pl, ctx, failed)).toBe(
      'Zarezerwowano wizytę 24 lis 2026, 10:00: Nie można połączyć się z Docplannerem.',
    );
    expect(
      engineText(pl, ctx, { ...failed, params: { ...failed.params, write: 'activity.out.teleport' } }),
    ).toBe(failed.text);
  });
});
