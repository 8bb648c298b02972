// The PracticeAdapter implementation shared by every schema: a SourceReader on a read-only connection for reads
// and change detection, a WriteBack on its own read-write connection. The reference and mapping adapters only
// differ in the PracticeSource they pass in.
import type {
  CanonicalDay,
  LocalAddress,
  LocalAddressKey,
  LocalDoctor,
  LocalInsurance,
  LocalLocation,
  LocalService,
} from '../../../shared/canonical';
import type {
  ChangeCheckpoint,
  ChangeSet,
  DataProblem,
  DateRange,
  PracticeAdapter,
  WriteBackOp,
  WriteBackResult,
} from './adapter';
import { ChangeDetector } from './detect';
import { SourceReader } from './reader';
import type { PracticeSource } from './source';
import type { Db } from './sqlite';
import { openPracticeDb } from './sqlite';
import { ClinicTime } from './time';
import { WriteBack } from './write-back';

export interface SqlAdapterOptions {
  dbPath: string;
  timeZone: string;
  /** How long SQLite waits for the PMS's locks (ms). Default 2000. */
  busyTimeoutMs?: number;
  /** Epoch ms now, for updated_at stamps written back. Default Date.now. */
  now?: () => number;
  /** Extra PRAGMAs for the write-back connection (diagnostics and tests, e.g. "max_page_count = 10"). */
  writePragmas?: string[];
}

export class SqlPracticeAdapter implements PracticeAdapter {
  readonly timeZone: string;
  private readonly db: Db;
  private readonly reader: SourceReader;
  private readonly detector: ChangeDetector;
  private readonly writer: WriteBack;
  private readonly dayProblems = new Map<string, DataProblem[]>();

  constructor(source: PracticeSource, opts: SqlAdapterOptions, beforeQueries?: (db: Db) => void) {
    const time = new ClinicTime(opts.timeZone);
    this.timeZone = opts.timeZone;
    const busyTimeoutMs = opts.busyTimeoutMs ?? 2000;
    this.db = openPracticeDb(opts.dbPath, { readonly: true, busyTimeoutMs });
    try {
      beforeQueries?.(this.db);
      this.reader = new SourceReader(this.db, source, time);
      this.detector = new ChangeDetector(this.reader, opts.now ?? Date.now);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.writer = new WriteBack(source, this.reader, time, {
      dbPath: opts.dbPath,
      busyTimeoutMs,
      now: opts.now ?? Date.now,
      pragmas: opts.writePragmas,
    });
  }

  listDoctors(): LocalDoctor[] {
    return this.reader.listDoctors();
  }
  listLocations(): LocalLocation[] {
    return this.reader.listLocations();
  }
  listServices(): LocalService[] {
    return this.reader.listServices();
  }
  listInsurances(): LocalInsurance[] {
    return this.reader.listInsurances();
  }
  listAddresses(): LocalAddress[] {
    return this.reader.listAddresses();
  }

  readDays(key: LocalAddressKey, range: DateRange): CanonicalDay[] {
    const { days, problems } = this.reader.readDays(key, range);
    for (const [id, list] of problems) {
      if (list.length > 0) this.dayProblems.set(id, list);
      else this.dayProblems.delete(id);
    }
    return days;
  }

  problems(): DataProblem[] {
    return [...this.dayProblems.keys()].sort().flatMap((id) => this.dayProblems.get(id)!);
  }

  detectChanges(checkpoint: ChangeCheckpoint | null, horizon: DateRange): ChangeSet {
    return this.detector.detect(checkpoint, horizon);
  }

  writeBack(op: WriteBackOp): WriteBackResult {
    return this.writer.apply(op);
  }

  close(): void {
    this.writer.close();
    if (this.db.open) this.db.close();
  }
}
