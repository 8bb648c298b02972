// The app:// protocol: serves dist/renderer with the CSP, refuses escapes, and recognises our own origin.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/fake-electron'));

const { protocol } = await import('./support/fake-electron');
const { APP_ENTRY_URL, ELECTRON_CSP, isAppUrl, registerAppScheme, serveAppRequest, serveRenderer } =
  await import('../../electron/main/protocol');

let dir: string;
let rendererDir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
  rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme and serves it with protocol.handle', async () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    serveRenderer(rendererDir);
    const [scheme, handler] = protocol.handle.mock.calls.at(-1) as unknown as [
      string,
      (req: { url: string }) => Promise<Response>,
    ];
    expect(scheme).toBe('app');
    const res = await handler({ url: APP_ENTRY_URL });
    expect(res.status).toBe(200);
  });

  it('serves the page with a strict CSP and its MIME type', async () => {
    const res = await serveAppRequest(rendererDir, 'app://renderer/index.html');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(ELECTRON_CSP).toContain("default-src 'none'");
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-(inline|eval)/);
    const js = await serveAppRequest(rendererDir, 'app://renderer/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await serveAppRequest(rendererDir, 'app://renderer/settings');
    expect(await res.text()).toContain('<title>x</title>');
  });

  it('refuses to leave the renderer folder and other hosts', async () => {
    for (const url of ['app://renderer/..%2fsecret.txt', 'app://renderer/assets/..%2f..%2fsecret.txt']) {
      const res = await serveAppRequest(rendererDir, url);
      expect(res.status, url).toBe(403);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
    expect((await serveAppRequest(rendererDir, 'app://other/index.html')).status).toBe(404);
  });

  it('recognises only our own origin', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer/')).toBe(true);
    for (const url of ['app://evil/', 'app://renderer.evil/', 'https://renderer/', 'file:///app', '', null]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});
