// The headless host's HTTP API, for real over 127.0.0.1: token, Host/Origin guards, calls, validation, errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host';
import { StatusSnapshotSchema } from '../../shared/bridge';
import { request } from './support/client';
import { createMemoryBridge, type MemoryBridge } from './support/memory-bridge';

let host: HeadlessHost;
let bridge: MemoryBridge;
const TOKEN = 'test-token-123';

beforeEach(async () => {
  bridge = createMemoryBridge();
  host = await startHeadlessHost({ bridge, rendererDir: null, token: TOKEN, log: () => {} });
});
afterEach(async () => {
  await host.close();
});

const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
const post = (method: string, body: unknown, headers: Record<string, string> = auth) =>
  request(host.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('headless host: startup', () => {
  it('listens on loopback and prints a URL carrying the token', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('makes a fresh random token per launch when none is given', async () => {
    const a = await startHeadlessHost({ bridge, rendererDir: null });
    const b = await startHeadlessHost({ bridge, rendererDir: null });
    try {
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThanOrEqual(32);
      expect(a.port).not.toBe(b.port);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('headless host: token', () => {
  it('answers 401 without a token, with a wrong token, and with the token in the wrong place', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Bearer nope' },
      { Authorization: TOKEN },
      { Authorization: `Basic ${TOKEN}` },
    ]) {
      const res = await request(host.port, { path: '/api/status', headers });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ code: 'unauthorized', message: expect.any(String) });
    }
    const viaQuery = await request(host.port, { path: `/api/status?token=${TOKEN}` });
    expect(viaQuery.status).toBe(401);
    expect(bridge.calls).toEqual([]);
  });

  it('checks the token before saying whether a method exists', async () => {
    const res = await post('noSuchMethod', {}, {});
    expect(res.status).toBe(401);
  });
});

describe('headless host: Host and Origin guards', () => {
  it('refuses a foreign Host header (DNS rebinding) even with the right token', async () => {
    for (const Host of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`]) {
      const res = await request(host.port, { path: '/api/status', headers: { ...auth, Host } });
      expect(res.status).toBe(403);
    }
    expect(bridge.calls).toEqual([]);
  });

  it('accepts localhost:PORT as well as 127.0.0.1:PORT', async () => {
    const res = await request(host.port, {
      path: '/api/status',
      headers: { ...auth, Host: `localhost:${host.port}` },
    });
    expect(res.status).toBe(200);
  });

  it('refuses requests from another browser origin', async () => {
    const res = await request(host.port, {
      path: '/api/status',
      headers: { ...auth, Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const same = await request(host.port, {
      path: '/api/status',
      headers: { ...auth, Origin: `http://127.0.0.1:${host.port}` },
    });
    expect(same.status).toBe(200);
  });
});

describe('headless host: calls', () => {
  it('GET /api/status returns the status snapshot as JSON', async () => {
    const res = await request(host.port, { path: '/api/status', headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(StatusSnapshotSchema.parse(res.json()).state).toBe('in-sync');
    expect(bridge.calls).toEqual([{ method: 'getStatus', input: undefined }]);
  });

  it('POST /api/<method> passes the validated input (defaults applied) and returns the output', async () => {
    const res = await post('setPaused', { paused: true });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, message: 'Paused.' });

    const conflicts = await post('listConflicts', {});
    expect(conflicts.status).toBe(200);
    expect(bridge.calls.at(-1)).toEqual({ method: 'listConflicts', input: { status: 'open' } });
  });

  it('accepts an empty body for methods without input', async () => {
    const res = await post('fullResync', undefined);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, message: 'Full resync started.' });
  });

  it('answers 404 for an unknown method', async () => {
    const res = await post('dropDatabase', {});
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not-found' });
  });

  it('answers 400 with field messages for invalid input, without calling the engine', async () => {
    const res = await post('resolveConflict', { id: '', action: 'keep-local' });
    expect(res.status).toBe(400);
    const body = res.json() as { code: string; message: string; fields: Record<string, string> };
    expect(body.code).toBe('invalid-input');
    expect(Object.keys(body.fields).sort()).toEqual(['by', 'id']);
    expect(body.message).toContain('id');
    expect(bridge.calls).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await request(host.port, {
      method: 'POST',
      path: '/api/setPaused',
      headers: auth,
      body: '{paused: yes',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid-request' });
  });

  it('answers 405 for GET on a method', async () => {
    const res = await request(host.port, { path: '/api/syncNow', headers: auth });
    expect(res.status).toBe(405);
  });

  it('turns engine errors into { code, message } without a stack trace', async () => {
    bridge.override('syncNow', async () => {
      throw Object.assign(new Error('The practice database is locked.'), { code: 'practice-db-locked' });
    });
    const res = await post('syncNow', {});
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ code: 'practice-db-locked', message: 'The practice database is locked.' });
    expect(res.body).not.toContain('at ');
  });

  it('refuses to send an output that does not match the schema', async () => {
    bridge.override('getSettings', async () => ({ secret: 'should-not-leave' }));
    const res = await post('getSettings', undefined);
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ code: 'invalid-output' });
    expect(res.body).not.toContain('should-not-leave');
  });

  it('strips fields the output schema does not declare', async () => {
    bridge.override('testConnection', async () => ({
      ok: true,
      message: 'Connected.',
      clientSecret: 's3cr3t',
    }));
    const res = await post('testConnection', {
      docplanner: { locale: 'pl', baseUrl: null, clientId: 'c', hasSecret: false },
      practice: { dbPath: '/x.sqlite', adapter: 'reference', mappingFile: null },
      timeZone: 'Europe/Warsaw',
      horizonDays: 84,
      intervals: { pullSeconds: 30, reconcileMinutes: 60 },
      startOnLogin: false,
      language: 'en',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, message: 'Connected.' });
  });
});
