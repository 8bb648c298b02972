// What the browser E2E needs besides the page: the demo's state file (URLs, PMS path), the simulator's control API
// over HTTP (act as a patient, as the doctor), and read-only looks into the practice DB.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export const DEMO_STATE_FILE = 'test-results/demo-state.json';

export interface DemoState {
  url: string;
  /** The second reception PC (viewer mode). */
  viewerUrl: string;
  token: string;
  simulatorOrigin: string;
  pmsPath: string;
}

export const demoState = (): DemoState => JSON.parse(readFileSync(DEMO_STATE_FILE, 'utf8')) as DemoState;

interface SimAddress {
  doctorId: string;
  name: string;
  freeSlots: { start: string; addressServiceIds: string[] }[];
  bookings: { id: string; status: string; start_at: string }[];
}

export async function simState(): Promise<Record<string, SimAddress>> {
  const r = await fetch(`${demoState().simulatorOrigin}/__sim/state`);
  return ((await r.json()) as { addresses: Record<string, SimAddress> }).addresses;
}

export async function simAction<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${demoState().simulatorOrigin}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`simulator ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A free slot at least a day ahead (so nothing about "today" interferes). */
export async function aFreeSlot(
  skip = 0,
): Promise<{ addressId: string; start: string; addressServiceId: string }> {
  const tomorrow = Date.now() + 24 * 3600_000;
  const found: { addressId: string; start: string; addressServiceId: string }[] = [];
  for (const [addressId, a] of Object.entries(await simState())) {
    for (const s of a.freeSlots) {
      if (Date.parse(s.start) > tomorrow && s.addressServiceIds.length) {
        found.push({ addressId, start: s.start, addressServiceId: s.addressServiceIds[0]! });
      }
    }
  }
  if (found.length <= skip) throw new Error('no free slot on the simulator');
  return found[skip]!;
}

export function pmsRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(demoState().pmsPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export async function openApp(page: Page, language: 'en' | 'pl' = 'en'): Promise<void> {
  await page.goto(demoState().url);
  await expect(page.getByTestId('global-state')).toBeVisible();
  if (language === 'pl') await setLanguage(page, 'pl');
}

export async function setLanguage(page: Page, language: 'en' | 'pl'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await page.getByTestId('settings-save').click();
  await expect(page.locator('html')).toHaveAttribute('lang', language, { timeout: 30_000 });
}

export async function waitForInSync(page: Page, timeout = 90_000): Promise<void> {
  await page.getByTestId('nav-status').click();
  await expect(page.getByTestId('global-state')).toHaveAttribute('data-state', 'in-sync', { timeout });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
