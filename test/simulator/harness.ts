// Test harness for the simulator's own tests (and handy for other suites): a seeded simulator on a virtual clock
// and a tiny fetch-based caller that gets a token and speaks raw HTTP, so tests see exactly what a client sees.
import { VirtualClock } from '../../electron/engine/util/clock';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from './index';

/** Monday 2026-11-23 08:00 in Warsaw. */
export const T0 = Date.UTC(2026, 10, 23, 7, 0, 0);

export const ESTATE = {
  facilityId: '1',
  doctorId: '2',
  addressId: '3',
  basicAddressId: '4',
  consultation: '31',
  control: '32',
} as const;

export const ADDRESS_PATH = `/facilities/${ESTATE.facilityId}/doctors/${ESTATE.doctorId}/addresses/${ESTATE.addressId}`;

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface Harness {
  sim: RunningSimulator;
  clock: VirtualClock;
  /** A cached bearer token; `fresh` fetches a new one (after the old one expired). */
  token(fresh?: boolean): Promise<string>;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Answer>;
  close(): Promise<void>;
}

export async function startHarness(opts: SimulatorOptions = {}): Promise<Harness> {
  const clock = new VirtualClock(T0);
  const sim = await startSimulator({ clock, ...opts });
  sim.control.seed({
    services: [
      { id: '101', name: 'Konsultacja' },
      { id: '102', name: 'Kontrola' },
      { id: '103', name: 'EKG' },
    ],
    facilities: [
      {
        id: ESTATE.facilityId,
        name: 'Przychodnia',
        doctors: [
          {
            id: ESTATE.doctorId,
            name: 'Anna',
            surname: 'Nowak',
            addresses: [
              {
                id: ESTATE.addressId,
                name: 'Gabinet 1',
                services: [
                  { id: ESTATE.consultation, service_id: '101', duration: 30 },
                  { id: ESTATE.control, service_id: '102', duration: 20 },
                ],
              },
              { id: ESTATE.basicAddressId, name: 'Filia', commercial_type: 'basic' },
            ],
          },
        ],
      },
    ],
  });
  let cached: string | null = null;
  const token = async (fresh = false) => {
    if (cached && !fresh) return cached;
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('sim-client:sim-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=integration',
    });
    cached = ((await res.json()) as { access_token: string }).access_token;
    return cached;
  };
  const call = async (method: string, path: string, body?: unknown, tok?: string | null): Promise<Answer> => {
    const headers: Record<string, string> = {};
    const bearer = tok === undefined ? await token() : tok;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${sim.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return { sim, clock, token, call, close: () => sim.close() };
}

/** `2026-11-23T09:00:00+01:00` style local times on the test day (Warsaw is +01:00 in November). */
export const at = (hhmm: string, day = '2026-11-24') => `${day}T${hhmm}:00+01:00`;
export const enc = encodeURIComponent;

export const PATIENT = { name: 'Ewa', surname: 'Test', phone: '+48600700800' };
