// "Test connection" on the settings screen: signs in and lists the facilities this integration can see, and says
// what happened as a message code (the UI's language) with the English beside it. A failure names its cause by
// the Docplanner error kind. Never throws.
import type { ConnectionTest } from '../../shared/bridge';
import type { DocplannerApi } from '../engine/docplanner/api';
import { PRIORITY } from '../engine/docplanner/api';
import { DocplannerError } from '../engine/docplanner/errors';

/** The English of a failure's cause, by Docplanner error kind (the UI translates the kind itself). */
const CAUSE: Partial<Record<DocplannerError['kind'], string>> = {
  auth: 'Docplanner did not accept the client ID/secret (sandbox and production use different keys)',
  network: 'Docplanner could not be reached; check that this computer is online and that the market is right',
  forbidden: 'Docplanner accepted the credentials but does not allow this integration to read facilities',
  'rate-limited': 'Docplanner asked to slow down; try again in a minute',
  server: 'Docplanner had a problem answering; try again in a few minutes',
  'malformed-response': 'the address answered, but not like Docplanner does; check the market or API address',
};

export async function testDocplannerConnection(
  api: Pick<DocplannerApi, 'getFacilities'>,
): Promise<ConnectionTest> {
  try {
    const count = (await api.getFacilities({ priority: PRIORITY.urgent })).length;
    if (count === 0) {
      return {
        ok: true,
        message:
          'Connected to Docplanner, but no facility is assigned to this integration yet. Ask Docplanner support to attach your clinic.',
        code: 'connection.no-facilities',
        params: {},
      };
    }
    return {
      ok: true,
      message: `Connected to Docplanner: ${count} ${count === 1 ? 'facility' : 'facilities'} available.`,
      code: 'connection.ok',
      params: { count },
    };
  } catch (e) {
    const kind = e instanceof DocplannerError ? e.kind : 'internal';
    const cause =
      e instanceof DocplannerError ? (CAUSE[e.kind] ?? e.message) : 'an unexpected error happened';
    return {
      ok: false,
      message: `The connection test failed: ${cause}.`,
      code: 'connection.failed',
      params: { error: kind },
    };
  }
}
