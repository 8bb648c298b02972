// Wraps any BridgeApi so that every input is checked before it leaves and every output is checked when it
// arrives, with the schemas of shared/bridge.ts. A malformed answer becomes a { code: 'bad-response' } error.
import { BridgeEventSchema, bridgeMethods, type BridgeApi, type BridgeMethod } from '../../shared/bridge';
import { BridgeCallError, toBridgeError } from './errors';

export function validatedBridge(inner: BridgeApi): BridgeApi {
  const api: Partial<Record<BridgeMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of Object.keys(bridgeMethods) as BridgeMethod[]) {
    const schema = bridgeMethods[method];
    api[method] = async (input: unknown) => {
      const checkedInput = schema.input.safeParse(input);
      if (!checkedInput.success) {
        throw new BridgeCallError({ code: 'invalid-input', message: `Invalid request for ${method}.` });
      }
      let output: unknown;
      try {
        output = await (inner[method] as (i: unknown) => Promise<unknown>)(checkedInput.data);
      } catch (thrown) {
        throw new BridgeCallError(toBridgeError(thrown));
      }
      const checkedOutput = schema.output.safeParse(output);
      if (!checkedOutput.success) {
        throw new BridgeCallError({
          code: 'bad-response',
          message: `The sync service sent an answer to ${method} that this window cannot read.`,
        });
      }
      return checkedOutput.data;
    };
  }
  return {
    ...(api as BridgeApi),
    onEvent(listener) {
      return inner.onEvent((event) => {
        const checked = BridgeEventSchema.safeParse(event);
        if (checked.success) listener(checked.data);
      });
    },
  };
}
