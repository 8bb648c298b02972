// OAuth2 client credentials: the token endpoint's credential check and the bearer tokens it hands out,
// which expire after `ttlSeconds` of simulated time.
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export class TokenStore {
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private issued = 0;

  constructor(
    private readonly clients: ClientCredentials[],
    private readonly ttlSeconds: number,
    private readonly random: () => number,
  ) {}

  /** Parses `Authorization: Basic …`; returns the client id when the credentials match. */
  checkBasic(header: string | undefined): string | null {
    if (!header?.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const id = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    return this.clients.some((c) => c.clientId === id && c.clientSecret === secret) ? id : null;
  }

  issue(clientId: string, now: number): { access_token: string; expires_in: number } {
    const token = `sim-${++this.issued}-${Math.floor(this.random() * 2 ** 48).toString(36)}`;
    this.tokens.set(token, { clientId, expiresAt: now + this.ttlSeconds * 1000 });
    return { access_token: token, expires_in: this.ttlSeconds };
  }

  /** The client id behind a valid, unexpired bearer token. */
  checkBearer(header: string | undefined, now: number): string | null {
    if (!header?.startsWith('Bearer ')) return null;
    const entry = this.tokens.get(header.slice(7).trim());
    if (!entry) return null;
    if (entry.expiresAt <= now) {
      this.tokens.delete(header.slice(7).trim());
      return null;
    }
    return entry.clientId;
  }
}
