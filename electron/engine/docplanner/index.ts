// The Docplanner API client's public surface, for the sync engine. See README.md beside this file.
export { DocplannerClient } from './client';
export type { ApiCallRecord, ConnectionTestResult, DocplannerClientOptions } from './client';
export { PRIORITY } from './api';
export type { AddressRef, CallOptions, DocplannerApi, Priority } from './api';
export { DocplannerError, isDocplannerError } from './errors';
export type { DocplannerErrorKind } from './errors';
export { RateBudget, requestClassOf } from './rate-budget';
export type { RateBudgetOptions, RateBudgetSnapshot, RateLimitedEvent, RequestClass } from './rate-budget';
export {
  LOCALES,
  LOCALE_DOMAINS,
  endpointsForBaseUrl,
  endpointsForLocale,
  isLocale,
  resolveEndpoints,
} from './locales';
export type { Endpoints, Locale } from './locales';
