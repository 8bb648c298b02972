// Serves the built renderer over HTTP: GET/HEAD only, safe paths, MIME types, SPA fallback, strict CSP.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMON_HEADERS, sendError } from './respond';
import { contentSecurityPolicy, locateFile, mimeType } from './static-files';

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rendererDir: string | null,
  port: number,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, { code: 'method-not-allowed', message: 'Use GET.' }, undefined, {
      Allow: 'GET, HEAD',
    });
    return;
  }
  if (rendererDir === null) {
    sendError(res, 404, {
      code: 'no-renderer',
      message: 'The user interface is not built. Run "npm run build", then start the host again.',
    });
    return;
  }
  const located = await locateFile(rendererDir, pathname);
  if (located.kind === 'forbidden') {
    sendError(res, 403, { code: 'forbidden', message: 'That path is outside the application.' });
    return;
  }
  if (located.kind === 'not-found') {
    sendError(res, 404, { code: 'not-found', message: 'No such file.' });
    return;
  }
  const isHtml = path.extname(located.file) === '.html';
  const csp = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': mimeType(located.file),
    'Content-Security-Policy': csp,
    // Hashed assets may be cached; index.html never (it names the current assets).
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(located.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
