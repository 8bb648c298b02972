// The headless host serving the built renderer: MIME types, SPA fallback, CSP and safe paths.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/headless/host';
import { request } from './support/client';
import { createMemoryBridge } from './support/memory-bridge';

let host: HeadlessHost;
let workDir: string;
const INDEX =
  '<!doctype html><title>Clinic Sync Desk</title><script type="module" src="/assets/app.js"></script>';

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'host-static-'));
  const rendererDir = path.join(workDir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(workDir, 'secret.txt'), 'TOP SECRET');
  symlinkSync(path.join(workDir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  host = await startHeadlessHost({ bridge: createMemoryBridge(), rendererDir, log: () => {} });
});
afterAll(async () => {
  await host.close();
  rmSync(workDir, { recursive: true, force: true });
});

const get = (p: string, method = 'GET') => request(host.port, { path: p, method });

describe('headless host: static files', () => {
  it('serves index.html at / with a strict CSP and no caching', async () => {
    const res = await get('/?token=abc');
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their MIME types', async () => {
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/assets/logo.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/assets/app.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  it('falls back to index.html for client-side routes, not for missing assets', async () => {
    const route = await get('/conflicts/c1');
    expect(route.status).toBe(200);
    expect(route.body).toBe(INDEX);
    const missing = await get('/assets/missing.js');
    expect(missing.status).toBe(404);
  });

  it('refuses path traversal, plain or encoded', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body, p).not.toContain('TOP SECRET');
    }
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const res = await get('/assets/link.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('refuses other methods', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
  });

  it('refuses a foreign Host header for static files too', async () => {
    const res = await request(host.port, { path: '/', headers: { Host: 'evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('headless host without a built renderer', () => {
  it('says how to build it', async () => {
    const apiOnly = await startHeadlessHost({
      bridge: createMemoryBridge(),
      rendererDir: null,
      log: () => {},
    });
    try {
      const res = await request(apiOnly.port, { path: '/' });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({
        code: 'no-renderer',
        message: expect.stringContaining('npm run build'),
      });
    } finally {
      await apiOnly.close();
    }
  });
});
