// What an IPC bridge call returns from main to preload: the output, or a BridgeError. (Thrown errors lose their
// code crossing IPC, so failures travel as values.)
import { z } from 'zod';
import { BridgeErrorSchema } from '../../shared/bridge';

export const IpcEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: BridgeErrorSchema }),
]);
export type IpcEnvelope = z.infer<typeof IpcEnvelopeSchema>;
