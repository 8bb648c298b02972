// Where a client talks to: the 13 Docplanner marketplaces (NOTES.md §1.1), or an explicit base URL for the
// sandbox or the simulator. Produces the API base URL and the OAuth2 token URL.

export const LOCALE_DOMAINS = {
  ar: 'doctoraliar.com',
  br: 'doctoralia.com.br',
  cl: 'doctoralia.cl',
  co: 'doctoralia.co',
  cz: 'znamylekar.cz',
  es: 'doctoralia.es',
  it: 'miodottore.it',
  mx: 'doctoralia.mx',
  pe: 'doctoralia.pe',
  pt: 'doctoralia.com.pt',
  tr: 'doktortakvimi.com',
  pl: 'znanylekarz.pl',
  de: 'jameda.de',
} as const;

export type Locale = keyof typeof LOCALE_DOMAINS;
export const LOCALES = Object.keys(LOCALE_DOMAINS) as Locale[];

export interface Endpoints {
  /** API base, without a trailing slash, e.g. https://www.znanylekarz.pl/api/v3/integration */
  baseUrl: string;
  /** OAuth2 token endpoint, e.g. https://www.znanylekarz.pl/oauth/v2/token */
  tokenUrl: string;
}

export const isLocale = (value: string): value is Locale => Object.hasOwn(LOCALE_DOMAINS, value);

/** Endpoints of a marketplace. */
export function endpointsForLocale(locale: Locale): Endpoints {
  const domain = LOCALE_DOMAINS[locale];
  return {
    baseUrl: `https://www.${domain}/api/v3/integration`,
    tokenUrl: `https://www.${domain}/oauth/v2/token`,
  };
}

/** Endpoints for an explicit base URL (sandbox, simulator): the token URL sits at /oauth/v2/token on its origin. */
export function endpointsForBaseUrl(baseUrl: string): Endpoints {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError('The Docplanner base URL is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError('The Docplanner base URL must start with https://');
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    tokenUrl: new URL('/oauth/v2/token', parsed).toString(),
  };
}

/** An explicit base URL wins over a locale; one of the two is required. */
export function resolveEndpoints(opts: { baseUrl?: string; locale?: Locale }): Endpoints {
  if (opts.baseUrl) return endpointsForBaseUrl(opts.baseUrl);
  if (opts.locale) return endpointsForLocale(opts.locale);
  throw new TypeError('Either a Docplanner marketplace (locale) or a base URL is required');
}
