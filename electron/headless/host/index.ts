// The headless host: one loopback HTTP server carrying the bridge API (WebSocket + HTTP, see
// shared/bridge-wire.ts) and the built renderer, guarded by a Host check and a per-launch token.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BridgeApi } from '../../../shared/bridge';
import { BRIDGE_HTTP_PREFIX } from '../../../shared/bridge-wire';
import { handleApi } from './http-api';
import { LOOPBACK_HOST, hostAllowed, newToken, originAllowed } from './guard';
import { sendError } from './respond';
import { createBridgeSocketServer, type HostLogger } from './socket';
import { serveStatic } from './static-handler';

export interface HeadlessHostOptions {
  bridge: BridgeApi;
  /** Folder of the built renderer (dist/renderer); null serves only the API. */
  rendererDir: string | null;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Random per launch by default. */
  token?: string;
  /** Where the host reports its own problems (never patient data). Defaults to console.error. */
  log?: HostLogger;
}

export interface HeadlessHost {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: open it in a browser. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? newToken();
  const log: HostLogger = options.log ?? ((level, message) => console.error(`[host] ${level}: ${message}`));
  let port = 0;

  const sockets = createBridgeSocketServer({ bridge: options.bridge, token, port: () => port, log });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) {
      sendError(res, 403, { code: 'forbidden', message: 'Unknown Host header.' });
      return;
    }
    if (!originAllowed(req, port)) {
      sendError(res, 403, { code: 'forbidden', message: 'Cross-origin requests are refused.' });
      return;
    }
    const { pathname } = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
    if (pathname.startsWith(BRIDGE_HTTP_PREFIX)) {
      await handleApi(req, res, pathname, options.bridge, token);
    } else {
      await serveStatic(req, res, pathname, options.rendererDir, port);
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      log('error', 'A request failed unexpectedly.');
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Unexpected error.' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK_HOST}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
