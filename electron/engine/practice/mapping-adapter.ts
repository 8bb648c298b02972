// Adapter for any SQLite PMS schema described by a mapping file (docs/practice-mapping.md). The mapping's SQL is
// prepared and its columns checked when the adapter opens, so a wrong mapping fails at once, naming the field.
import { loadMappingFile } from './mapping/file';
import type { SqlAdapterOptions } from './sql-adapter';
import { SqlPracticeAdapter } from './sql-adapter';

export function createMappingAdapter(opts: SqlAdapterOptions & { mappingFile: string }): SqlPracticeAdapter {
  return new SqlPracticeAdapter(loadMappingFile(opts.mappingFile), opts);
}
