// Builds a DocplannerClient wired to a fake API server, a virtual clock and a recording onCall hook.
import { VirtualClock } from '../../electron/engine/util/clock';
import {
  DocplannerClient,
  type ApiCallRecord,
  type DocplannerClientOptions,
} from '../../electron/engine/docplanner/client';
import { RateBudget, type RateBudgetOptions } from '../../electron/engine/docplanner/rate-budget';
import { drive, startFakeApi, type ApiHandler, type FakeApiOptions } from './helpers';

export const REF = { facilityId: 'f1', doctorId: 'd1', addressId: 'a1' };
export const ADDRESS_PATH = '/api/v3/integration/facilities/f1/doctors/d1/addresses/a1';

export interface Setup {
  clock: VirtualClock;
  fake: Awaited<ReturnType<typeof startFakeApi>>;
  budget: RateBudget;
  client: DocplannerClient;
  calls: ApiCallRecord[];
  run<T>(p: Promise<T>): Promise<T>;
}

export async function setup(
  api: ApiHandler,
  opts: {
    fake?: Partial<Omit<FakeApiOptions, 'clock' | 'api'>>;
    client?: Partial<DocplannerClientOptions>;
    budget?: RateBudgetOptions;
  } = {},
): Promise<Setup> {
  const clock = new VirtualClock();
  const fake = await startFakeApi({ clock, api, ...opts.fake });
  const budget = new RateBudget({ clock, random: () => 0.5, ...opts.budget });
  const calls: ApiCallRecord[] = [];
  const client = new DocplannerClient({
    baseUrl: fake.baseUrl,
    clientId: 'test-client',
    clientSecret: 'test-secret',
    clock,
    random: () => 0.5,
    budget,
    onCall: (r) => calls.push(r),
    ...opts.client,
  });
  return { clock, fake, budget, client, calls, run: (p) => drive(clock, budget, p) };
}
