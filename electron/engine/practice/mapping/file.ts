// Mapping files (YAML or JSON): parsed with line numbers, validated with zod, compiled into a PracticeSource.
// Every error names the field and the line, e.g. `mapping.yaml: read.appointments (line 42): …`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { z } from 'zod';
import { BookingStatusSchema } from '../../../../shared/canonical';
import { PracticeDbError } from '../adapter';
import type { PracticeSource, SourceQuery, WriteOpKind } from '../source';

const Sql = z.string().trim().min(1, 'must be a non-empty SQL statement');
const SqlList = z.union([Sql, z.array(Sql).min(1)]);

export const MappingFileSchema = z.strictObject({
  version: z.literal(1),
  /** PMS status code → canonical status. Omit when the PMS already stores booked/confirmed/canceled/no-show/completed. */
  statusMap: z.record(z.string(), BookingStatusSchema).optional(),
  read: z.strictObject({
    doctors: Sql,
    locations: Sql,
    services: Sql,
    insurances: Sql.optional(),
    addressServices: Sql,
    addressInsurances: Sql.optional(),
    weeklyHours: Sql,
    holidays: Sql.optional(),
    dayOverrides: Sql.optional(),
    extraHours: Sql.optional(),
    blocks: Sql,
    appointments: Sql,
  }),
  write: z
    .strictObject({
      create: SqlList.optional(),
      cancel: SqlList.optional(),
      move: SqlList.optional(),
      confirm: SqlList.optional(),
      presence: SqlList.optional(),
      block: SqlList.optional(),
      unblock: SqlList.optional(),
    })
    .optional(),
});
export type MappingFile = z.infer<typeof MappingFileSchema>;

/** Reads and validates a mapping file, then compiles it into a PracticeSource. */
export function loadMappingFile(path: string): PracticeSource {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new PracticeDbError('bad-mapping', `mapping file not found or unreadable: ${path}`);
  }
  return parseMapping(text, path);
}

export function parseMapping(text: string, name = 'mapping file'): PracticeSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = lines.linePos(err.pos[0]).line;
    throw new PracticeDbError(
      'bad-mapping',
      `${name}: line ${line}: not valid YAML/JSON (${err.message.split('\n')[0]})`,
    );
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = MappingFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    // A misspelt field shows up as "unknown" and as "missing": the unknown one is the more useful to report.
    const issues = [...parsed.error.issues].sort(
      (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
    );
    const issue = issues[0]!;
    let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0]!];
      message = `unknown field "${issue.keys[0]}" (misspelt? see docs/practice-mapping.md for the field names)`;
    } else if (issue.code === 'invalid_type' && doc.getIn(path) === undefined) {
      message = 'required field is missing';
    }
    const field = path.join('.') || '(top level)';
    throw new PracticeDbError('bad-mapping', `${name}: ${field} (line ${lineOf(path)}): ${message}`);
  }
  const m = parsed.data;
  const query = (field: string, path: (string | number)[], sql: string): SourceQuery => ({
    sql,
    field: `${field}`,
    line: lineOf(path),
  });
  const r = m.read;
  const opt = (k: keyof typeof r) => (r[k] ? query(`read.${k}`, ['read', k], r[k]!) : undefined);
  const writes: PracticeSource['writes'] = {};
  for (const [kind, value] of Object.entries(m.write ?? {}) as [
    WriteOpKind,
    string | string[] | undefined,
  ][]) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    writes[kind] = list.map((sql, i) =>
      query(
        Array.isArray(value) ? `write.${kind}[${i}]` : `write.${kind}`,
        Array.isArray(value) ? ['write', kind, i] : ['write', kind],
        sql,
      ),
    );
  }
  return {
    kind: 'mapping',
    id: `mapping-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`,
    queries: {
      doctors: query('read.doctors', ['read', 'doctors'], r.doctors),
      locations: query('read.locations', ['read', 'locations'], r.locations),
      services: query('read.services', ['read', 'services'], r.services),
      insurances: opt('insurances'),
      addressServices: query('read.addressServices', ['read', 'addressServices'], r.addressServices),
      addressInsurances: opt('addressInsurances'),
      weeklyHours: query('read.weeklyHours', ['read', 'weeklyHours'], r.weeklyHours),
      holidays: opt('holidays'),
      dayOverrides: opt('dayOverrides'),
      extraHours: opt('extraHours'),
      blocks: query('read.blocks', ['read', 'blocks'], r.blocks),
      appointments: query('read.appointments', ['read', 'appointments'], r.appointments),
    },
    statusMap: m.statusMap,
    writes,
  };
}
