// Finding and typing the built renderer's files, shared by the headless host and Electron's app:// protocol:
// safe path resolution (no escape from the root, symlinks included), MIME types, SPA fallback to index.html,
// and the Content-Security-Policy both transports send.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The renderer's CSP: only its own scripts and styles, no inline script, no eval, no plugins, no framing.
 * `connect` lists what the page may open besides 'self' (the headless host's WebSocket URL).
 */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export type Located = { kind: 'file'; file: string } | { kind: 'not-found' } | { kind: 'forbidden' };

/** Decodes a URL pathname and maps it into `root`; null when it tries to leave the root or is malformed. */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const candidate = path.resolve(base, '.' + path.posix.normalize('/' + decoded));
  const relative = path.relative(base, candidate);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  // A raw ".." segment is refused even when normalisation would keep it inside: nobody asks for that honestly.
  if (decoded.split('/').includes('..')) return null;
  return candidate;
}

async function isFileInside(root: string, file: string): Promise<boolean> {
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    const relative = path.relative(realRoot, realFile);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return (await fs.stat(realFile)).isFile();
  } catch {
    return false;
  }
}

/**
 * The file to serve for `pathname`: the file itself, else index.html for extension-less paths (client-side
 * routes), else not-found. Paths escaping the root (`..`, encoded or not, or through a symlink) are forbidden.
 */
export async function locateFile(root: string, pathname: string): Promise<Located> {
  const candidate = resolveInside(root, pathname);
  if (candidate === null) return { kind: 'forbidden' };
  const target = pathname.endsWith('/') ? path.join(candidate, 'index.html') : candidate;
  if (await isFileInside(root, target)) return { kind: 'file', file: target };
  if (path.extname(candidate) === '') {
    const index = path.join(path.resolve(root), 'index.html');
    if (await isFileInside(root, index)) return { kind: 'file', file: index };
  }
  return { kind: 'not-found' };
}
