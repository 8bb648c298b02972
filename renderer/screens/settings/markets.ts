// Docplanner's markets (Settings.docplanner.locale) with the brand the clinic knows them by.
import { DOCPLANNER_LOCALES } from '../../../shared/bridge';

export type Market = (typeof DOCPLANNER_LOCALES)[number];

const BRANDS: Record<Market, string> = {
  ar: 'Doctoralia',
  br: 'Doctoralia',
  cl: 'Doctoralia',
  co: 'Doctoralia',
  cz: 'Znamylekar',
  es: 'Doctoralia',
  it: 'MioDottore',
  mx: 'Doctoralia',
  pe: 'Doctoralia',
  pt: 'Doctoralia',
  tr: 'Doktortakvimi',
  pl: 'ZnanyLekarz',
  de: 'jameda',
};

/** "Poland — ZnanyLekarz", country named in the UI language. */
export function marketLabel(market: Market, locale: string): string {
  let country: string = market.toUpperCase();
  try {
    country = new Intl.DisplayNames([locale], { type: 'region' }).of(market.toUpperCase()) ?? country;
  } catch {
    // keep the code
  }
  return `${country} — ${BRANDS[market]}`;
}

export const MARKETS = DOCPLANNER_LOCALES;

/** IANA zones known to this browser, always including the current one. */
export function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}
