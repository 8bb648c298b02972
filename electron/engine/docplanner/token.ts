// OAuth2 client-credentials token for one API client (NOTES.md §1.2): HTTP Basic client_id:client_secret,
// form grant_type=client_credentials&scope=integration. Cached until `expires_in` minus a margin on the
// injected clock; concurrent callers share one fetch; a 401 on an API call invalidates the token it used.
import type { Clock } from '../util/clock';
import { DocplannerError } from './errors';
import { errorFromResponse, looksLikeHtml, malformedResponse, plainMessage } from './http-errors';
import { TokenResponse } from './schemas';
import type { HttpTransport } from './transport';

export interface TokenProviderOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  transport: HttpTransport;
  /** Refresh this long before expiry; at most a tenth of the token's lifetime. Default 60 s. */
  marginMs?: number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

export class TokenProvider {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private readonly marginMs: number;

  constructor(private readonly opts: TokenProviderOptions) {
    this.marginMs = opts.marginMs ?? 60_000;
  }

  /** A valid access token, fetching one when none is cached or it is about to expire. */
  async get(signal?: AbortSignal): Promise<string> {
    const c = this.cached;
    if (c && this.opts.clock.now() < c.refreshAt) return c.value;
    // One fetch shared by every caller waiting right now; a caller's abort does not cancel it for the others.
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = null;
    });
    return signal ? raceAbort(this.inflight, signal) : this.inflight;
  }

  /** Forget `token` (it got a 401). A newer token fetched meanwhile is kept. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret, tokenUrl, transport, clock } = this.opts;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
    const res = await transport.send({
      operation: 'token',
      method: 'POST',
      url: tokenUrl,
      headers: { Authorization: `Basic ${basic}` },
      form: { grant_type: 'client_credentials', scope: 'integration' },
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new DocplannerError({
        kind: 'auth',
        operation: 'token',
        status: res.status,
        message: `${plainMessage('auth')} (HTTP ${res.status})`,
      });
    }
    if (res.status < 200 || res.status >= 300) throw errorFromResponse('token', res, clock.now());
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw malformedResponse('token', res.status, looksLikeHtml(res) ? 'an HTML page' : 'not JSON');
    }
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) throw malformedResponse('token', res.status, 'no usable access token');
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(this.marginMs, lifetimeMs / 10);
    this.cached = { value: parsed.data.access_token, refreshAt: clock.now() + lifetimeMs - margin };
    return parsed.data.access_token;
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
