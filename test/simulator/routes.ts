// The integration API's routes: method + path pattern → operationId (as in the official YAML) and whether the
// request counts as a write for the rate limits (PUT/POST/PATCH/DELETE).
export interface Route {
  method: string;
  pattern: string;
  operation: string;
  segments: string[];
}

const F = '/facilities/:facility_id';
const D = `${F}/doctors/:doctor_id`;
const A = `${D}/addresses/:address_id`;

const table: [string, string, string][] = [
  ['GET', '/facilities', 'getFacilities'],
  ['GET', F, 'getFacility'],
  ['GET', `${F}/doctors`, 'getDoctors'],
  ['GET', D, 'getDoctor'],
  ['GET', `${D}/addresses`, 'getAddresses'],
  ['GET', A, 'getAddress'],
  ['PATCH', A, 'updateAddress'],
  ['DELETE', `${A}/integration`, 'removeAddressIntegration'],
  ['GET', '/services', 'getServices'],
  ['GET', `${A}/services`, 'getAddressServices'],
  ['POST', `${A}/services`, 'addAddressService'],
  ['GET', `${A}/services/:address_service_id`, 'getAddressService'],
  ['PATCH', `${A}/services/:address_service_id`, 'updateAddressService'],
  ['DELETE', `${A}/services/:address_service_id`, 'deleteAddressService'],
  ['GET', '/insurance-providers', 'getInsuranceProviders'],
  ['GET', '/insurance-providers/:insurance_provider_id/plans', 'getInsurancePlans'],
  ['GET', `${A}/insurance-providers`, 'getAddressInsuranceProviders'],
  ['POST', `${A}/insurance-providers`, 'addAddressInsuranceProvider'],
  ['PUT', `${A}/insurance-providers`, 'updateOrCreateAddressInsuranceProvider'],
  ['DELETE', `${A}/insurance-providers/:insurance_provider_id`, 'deleteAddressInsuranceProvider'],
  ['GET', `${A}/calendar`, 'getCalendar'],
  ['POST', `${A}/calendar/enable`, 'enableCalendar'],
  ['POST', `${A}/calendar/disable`, 'disableCalendar'],
  ['GET', `${A}/breaks`, 'getCalendarBreaks'],
  ['POST', `${A}/breaks`, 'addCalendarBreak'],
  ['GET', `${A}/breaks/:break_id`, 'getCalendarBreak'],
  ['PATCH', `${A}/breaks/:break_id`, 'moveCalendarBreak'],
  ['DELETE', `${A}/breaks/:break_id`, 'deleteCalendarBreak'],
  ['GET', `${A}/slots`, 'getSlots'],
  ['PUT', `${A}/slots`, 'replaceSlots'],
  ['POST', `${A}/slots/:start/book`, 'bookSlot'],
  ['DELETE', `${A}/slots/:date`, 'deleteSlots'],
  ['GET', `${A}/bookings`, 'getBookings'],
  ['GET', `${A}/bookings/:booking_id`, 'getBooking'],
  ['DELETE', `${A}/bookings/:booking_id`, 'cancelBooking'],
  ['POST', `${A}/bookings/:booking_id/move`, 'moveBooking'],
  ['PUT', `${A}/bookings/:booking_id/confirm`, 'confirmBooking'],
  ['PUT', `${D}/opinion-request`, 'requestOpinion'],
  ['POST', `${A}/bookings/:booking_id/presence/patient`, 'markPatientPresence'],
  ['DELETE', `${A}/bookings/:booking_id/presence/patient`, 'markPatientAbsence'],
  ['GET', '/notifications', 'Pull Notification'],
  ['GET', '/notifications/multiple', 'Pull Multiple Notification'],
  ['POST', '/notifications/release', 'Release Notifications'],
];

export const ROUTES: Route[] = table.map(([method, pattern, operation]) => ({
  method,
  pattern,
  operation,
  segments: pattern.split('/').filter(Boolean),
}));

/** Every operationId the simulator serves. */
export const OPERATIONS = ROUTES.map((r) => r.operation);

export const isWriteMethod = (method: string) => method !== 'GET' && method !== 'HEAD';

/**
 * Matches a path (below the API base) to a route. Path parameters keep their raw, still-encoded text;
 * `decodePathParam` decodes them the way the real API does.
 */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = route.segments[i]!;
      if (seg.startsWith(':')) params[seg.slice(1)] = parts[i]!;
      else ok = seg === parts[i];
    }
    if (ok) return { route, params };
  }
  return null;
}

/** Percent-decodes a path parameter; an unencoded `+` is read as a space, as the real API does. */
export function decodePathParam(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
