// Redaction of patient data and credentials before anything is logged.
import { describe, expect, it } from 'vitest';
import { redactLogMessage, redactText, redactValue } from '../../electron/main/redact';

describe('redactText', () => {
  it.each([
    ['e-mail', 'Booking for jan.kowalski+1@example.com.pl confirmed', 'jan.kowalski'],
    ['Polish mobile', 'Call 601 234 567 back', '601 234 567'],
    ['mobile with country code', 'phone +48 601-234-567', '601-234-567'],
    ['contiguous mobile', 'phone=601234567', '601234567'],
    ['PESEL', 'PESEL 85010112345 on file', '85010112345'],
    ['bearer token', 'Authorization: Bearer abc.DEF_123-xyz', 'abc.DEF_123-xyz'],
    ['JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['secret pair', 'client_secret=supersecretvalue&grant_type=x', 'supersecretvalue'],
    ['JSON secret', '{"clientSecret":"supersecretvalue"}', 'supersecretvalue'],
    ['query token', 'http://127.0.0.1:4000/?token=AbCdEf123', 'AbCdEf123'],
    ['JSON patient name', '{"name":"Anna Nowak","service":"USG"}', 'Anna Nowak'],
    ['JSON phone', '{"phone":"+48 601 234 567"}', '601 234 567'],
    ['labelled patient', 'slot-booked for patient: Jan Kowalski at 10:00', 'Jan Kowalski'],
    ['labelled patient name key', 'patientName: Jan Kowalski', 'Jan'],
    ['Polish label', 'pacjentka Zofia Wiśniewska-Nowak przyszła', 'Wiśniewska'],
  ])('removes a %s', (_kind, input, secret) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[(email|phone|pesel|redacted|token|name)\]/);
  });

  it('keeps what is needed to debug: dates, times, ids, epoch ms, counts, hosts', () => {
    const text =
      'replaceSlots 2026-11-21T10:00:00.000Z for address 123456 at 1763712000000 took 250 ms (3 writes) ' +
      'via 127.0.0.1:8080 on 2026-11-21 10:00';
    expect(redactText(text)).toBe(text);
  });

  it('keeps service and doctor words that follow no patient label', () => {
    expect(redactText('Dr Anna Nowak, USG Jamy Brzusznej')).toBe('Dr Anna Nowak, USG Jamy Brzusznej');
  });
});

describe('redactValue', () => {
  it('redacts sensitive keys and strings deep inside objects, without mutating them', () => {
    const input = {
      operation: 'slot-booked',
      booking: {
        patient: { name: 'Jan', surname: 'Kowalski', phone: '601234567', email: 'j@k.pl' },
        comment: 'allergic',
        start: '2026-11-21T10:00:00+01:00',
      },
      headers: { Authorization: 'Bearer xyz' },
      notes: ['call 601 234 567'],
      count: 3,
    };
    const copy = structuredClone(input);
    const out = redactValue(input) as typeof input;
    expect(input).toEqual(copy);
    expect(out.booking.patient).toBe('[redacted]');
    expect(out.booking.comment).toBe('[redacted]');
    expect(out.booking.start).toBe('2026-11-21T10:00:00+01:00');
    expect(out.headers.Authorization).toBe('[redacted]');
    expect(out.notes).toBe('[redacted]');
    expect(out.count).toBe(3);
    expect(out.operation).toBe('slot-booked');
  });

  it('redacts error messages and stacks', () => {
    const err = new Error('write-back failed for patient: Jan Kowalski (601 234 567)');
    const out = redactValue(err) as Error;
    expect(out).toBeInstanceOf(Error);
    expect(out.message).not.toContain('Kowalski');
    expect(out.message).not.toContain('601');
    expect(out.stack).not.toContain('Kowalski');
  });

  it('survives cycles-deep nesting by cutting off', () => {
    type Node = { next?: Node; label: string };
    const root: Node = { label: 'root' };
    let node = root;
    for (let i = 0; i < 20; i++) node = node.next = { label: `n${i}` };
    expect(JSON.stringify(redactValue(root))).toContain('[…]');
  });
});

describe('redactLogMessage (the electron-log hook)', () => {
  it('redacts every data item and keeps the rest of the message', () => {
    const date = new Date();
    const message = { data: ['login as a@b.pl', { token: 't0k3n' }, 42], date, level: 'info' as const };
    const out = redactLogMessage(message);
    expect(out.data).toEqual(['login as [email]', { token: '[redacted]' }, 42]);
    expect(out.date).toBe(date);
    expect(out.level).toBe('info');
    expect(message.data[0]).toBe('login as a@b.pl');
  });
});
