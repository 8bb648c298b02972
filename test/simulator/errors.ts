// The one error type of the simulator's domain: an HTTP status, the real API's message, optional field errors.
// Domain operations throw it; the HTTP layer turns it into a `application/vnd.error+docplanner+json` answer and the
// in-process control API lets it propagate to the test.

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const invalidArguments = (fieldErrors: Record<string, string[]>) =>
  new SimError(400, 'Invalid arguments', fieldErrors);
export const notFound = (message = 'Object not found') => new SimError(404, message);
export const forbidden = (message: string) => new SimError(403, message);
