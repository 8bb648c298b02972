// Which external links may leave the app: https only, no credentials in the URL, default port, and a host on
// the allowlist (Docplanner's brands and help pages) or a subdomain of one. Everything else stays closed.
export const EXTERNAL_LINK_DOMAINS: readonly string[] = [
  'docplanner.com',
  'znanylekarz.pl',
  'doctoralia.es',
  'doctoralia.com.br',
  'doctoralia.com.mx',
  'doctoralia.cl',
  'doctoralia.co',
  'doctoralia.com.pe',
  'doctoralia.pt',
  'doctoralia.com.ar',
  'miodottore.it',
  'jameda.de',
  'doktortakvimi.com',
  'znamylekar.cz',
];

export function isAllowedExternalUrl(
  raw: string,
  domains: readonly string[] = EXTERNAL_LINK_DOMAINS,
): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '')
    return false;
  const host = url.hostname.toLowerCase();
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}
