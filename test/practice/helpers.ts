// Shared test fixtures: generated clinics in a temp folder (real SQLite files), opened through the real adapters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPracticeAdapter } from '../../electron/engine/practice/open';
import type {
  SampleClinicOptions,
  SampleClinicSummary,
} from '../../electron/engine/practice/sample/generate';
import { generateSampleClinic } from '../../electron/engine/practice/sample/generate';

export const START = '2026-11-23';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'practice-test-'));
}

export function sampleClinic(dir: string, name: string, opts: SampleClinicOptions = {}): SampleClinicSummary {
  return generateSampleClinic(path.join(dir, name), {
    seed: 11,
    startDate: START,
    days: 28,
    pastDays: 7,
    ...opts,
  });
}

export function openReference(s: SampleClinicSummary, extra: Parameters<typeof openPracticeAdapter>[1] = {}) {
  return openPracticeAdapter({ kind: 'reference', dbPath: s.path, timeZone: s.timeZone }, extra);
}

export function openMapping(s: SampleClinicSummary, extra: Parameters<typeof openPracticeAdapter>[1] = {}) {
  return openPracticeAdapter(
    { kind: 'mapping', dbPath: s.path, timeZone: s.timeZone, mappingFile: s.mappingFile! },
    extra,
  );
}
