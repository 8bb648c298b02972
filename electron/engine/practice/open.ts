// Entry point for the engine: validates the practice configuration (zod) and opens the matching adapter.
import { z } from 'zod';
import { IANAZone } from 'luxon';
import type { PracticeAdapter } from './adapter';
import { PracticeDbError } from './adapter';
import { createMappingAdapter } from './mapping-adapter';
import { createReferenceAdapter } from './reference-adapter';
import type { SqlAdapterOptions } from './sql-adapter';
import type { SqlPracticeAdapter } from './sql-adapter';

const TimeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), { message: 'not an IANA time zone name' });

export const PracticeConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('reference'), dbPath: z.string().min(1), timeZone: TimeZone }),
  z.strictObject({
    kind: z.literal('mapping'),
    dbPath: z.string().min(1),
    timeZone: TimeZone,
    mappingFile: z.string().min(1),
  }),
]);
export type PracticeConfig = z.infer<typeof PracticeConfigSchema>;

/** Extra knobs that are not part of the user's configuration. */
export type PracticeOpenOptions = Pick<SqlAdapterOptions, 'busyTimeoutMs' | 'now' | 'writePragmas'>;

export function openPracticeAdapter(
  config: PracticeConfig,
  options: PracticeOpenOptions = {},
): PracticeAdapter & SqlPracticeAdapter {
  const parsed = PracticeConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PracticeDbError(
      'bad-mapping',
      `practice configuration: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  const c = parsed.data;
  return c.kind === 'reference'
    ? createReferenceAdapter({ ...options, dbPath: c.dbPath, timeZone: c.timeZone })
    : createMappingAdapter({
        ...options,
        dbPath: c.dbPath,
        timeZone: c.timeZone,
        mappingFile: c.mappingFile,
      });
}
