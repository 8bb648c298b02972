// The app:// scheme the renderer is loaded from (not file://): registered as privileged before `ready`, then
// served from dist/renderer with the same safe path resolution and CSP as the headless host.
import { promises as fs } from 'node:fs';
import { protocol } from 'electron';
import { contentSecurityPolicy, locateFile, mimeType } from '../headless/host/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The Electron renderer talks over IPC only, so it may connect nowhere but its own origin. */
export const ELECTRON_CSP = contentSecurityPolicy();

/** True for URLs of our own pages (and nothing that merely looks like them). */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return (
      url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.port === ''
    );
  } catch {
    return false;
  }
}

/** Must run before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Answers one app:// request from `rendererDir`. Exported for tests. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return plain(404, 'Not found');
  const located = await locateFile(rendererDir, url.pathname);
  if (located.kind === 'forbidden') return plain(403, 'Forbidden');
  if (located.kind === 'not-found') return plain(404, 'Not found');
  const body = await fs.readFile(located.file);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': mimeType(located.file),
      'Content-Security-Policy': ELECTRON_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Must run after app `ready`. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
