// The whole product in a browser: the headless host serving the UI, the engine, the Docplanner simulator and a
// generated sample clinic (started by playwright.config.ts's webServer: `demo-cli.ts`). Patients in screenshots
// are generated.
import { expect, test } from '@playwright/test';
import {
  aFreeSlot,
  openApp,
  pmsRows,
  screenshot,
  setLanguage,
  simAction,
  simState,
  waitForInSync,
} from './support';

test.describe.configure({ mode: 'serial' });

test('before anyone chose a language, a Polish browser gets the Polish UI; an English one English', async ({
  browser,
}) => {
  for (const [locale, lang, status] of [
    ['pl-PL', 'pl', 'Stan'],
    ['en-US', 'en', 'Status'],
  ] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', lang, { timeout: 30_000 });
    await expect(page.getByTestId('nav-status')).toHaveText(status);
    await context.close();
  }
});

test('the status screen reaches "in sync" after the activation feed', async ({ page }) => {
  await openApp(page);
  await waitForInSync(page);
  await expect(page.locator('[data-testid^="address-row-"]')).not.toHaveCount(0);
  for (const row of await page.locator('[data-testid^="address-row-"]').all()) {
    await expect(row).toHaveAttribute('data-state', 'in-sync');
  }
  await screenshot(page, 'en-status');
});

test('a patient booking made on the marketplace reaches the PMS and the activity log', async ({ page }) => {
  await openApp(page);
  const slot = await aFreeSlot();
  const booking = await simAction<{ id: string }>('patient/book', {
    ...slot,
    patient: { name: 'Zofia', surname: 'Testowa', phone: '+48500900800' },
  });
  await expect
    .poll(
      () => pmsRows<{ status: string }>(`SELECT status FROM appointments WHERE external_id = ?`, booking.id),
      {
        timeout: 30_000,
      },
    )
    .toEqual([{ status: 'booked' }]);
  await page.getByTestId('nav-activity').click();
  const row = page.locator('[data-testid^="activity-row-"]', { hasText: 'slot-booked' }).first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).not.toContainText('Testowa');
  await screenshot(page, 'en-activity');
});

test('a break added in the Docplanner calendar over a booking is a conflict resolved from the UI', async ({
  page,
}) => {
  await openApp(page);
  const [addressId, address] = Object.entries(await simState()).find(([, a]) =>
    a.bookings.some((b) => b.status === 'booked' && Date.parse(b.start_at) > Date.now() + 24 * 3600_000),
  )!;
  const booked = address.bookings.find(
    (b) => b.status === 'booked' && Date.parse(b.start_at) > Date.now() + 24 * 3600_000,
  )!;
  const till = new Date(Date.parse(booked.start_at) + 15 * 60_000).toISOString();
  await simAction('doctor/break/add', { addressId, since: booked.start_at, till, description: 'Szkolenie' });

  await page.getByTestId('nav-conflicts').click();
  const card = page.locator('[data-testid^="conflict-card-"]').first();
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('conflicts-badge')).not.toHaveText('0');
  await screenshot(page, 'en-conflicts');
  const cardId = (await card.getAttribute('data-testid'))!;
  await card.locator('[data-testid^="conflict-option-"]').first().click();
  await page.getByRole('dialog').getByRole('button').last().click();
  await expect(page.getByTestId('conflict-notice')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId(cardId)).toHaveCount(0);
  await page.getByTestId('conflict-filter-status').selectOption('resolved');
  const resolved = page.getByTestId(cardId);
  await expect(resolved.locator('[data-testid^="conflict-resolution-"]')).toBeVisible();
  await screenshot(page, 'en-conflicts-resolved');
});

test('"Full resync" runs and leaves everything in sync', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('nav-status').click();
  await page.getByTestId('full-resync').click();
  await page.getByTestId('full-resync-dialog').getByRole('button').last().click();
  await expect(page.getByTestId('status-notice')).toBeVisible({ timeout: 60_000 });
  await waitForInSync(page);
});

test('the mapping is edited and saved', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('nav-mapping').click();
  const row = page.locator('[data-testid^="mapping-row-service-"][data-mapped="true"]').first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  const rowId = await row.getAttribute('data-testid');
  const select = page.getByTestId(`${rowId}-select`);
  const original = await select.inputValue();
  await select.selectOption('');
  await expect(page.getByTestId('mapping-unsaved')).toBeVisible();
  await screenshot(page, 'en-mapping');
  await page.getByTestId('mapping-save').click();
  await expect(page.getByTestId('mapping-unsaved')).toBeHidden({ timeout: 30_000 });
  await page.reload();
  await page.getByTestId('nav-mapping').click();
  await expect(page.getByTestId(rowId!)).toHaveAttribute('data-mapped', 'false', { timeout: 30_000 });
  await page.getByTestId(`${rowId}-select`).selectOption(original);
  await page.getByTestId('mapping-save').click();
  await expect(page.getByTestId(rowId!)).toHaveAttribute('data-mapped', 'true', { timeout: 30_000 });
});

test('the demo is marked DEMO on every screen, in English and Polish', async ({ page }) => {
  await openApp(page);
  await waitForInSync(page);
  const banner = page.getByTestId('demo-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('DEMO');
  await expect(banner).toContainText('not a real clinic');
  await screenshot(page, 'en-demo');
  await setLanguage(page, 'pl');
  await waitForInSync(page);
  await expect(banner).toContainText('to nie jest prawdziwa przychodnia');
  await screenshot(page, 'pl-demo');
  // `npm run demo` is left in its terminal; the banner says so instead of pretending.
  await page.getByTestId('demo-leave').click();
  await expect(page.getByTestId('demo-notice')).toContainText('npm run demo');
  await expect(banner).toBeVisible();
  await setLanguage(page, 'en');
});

test('every screen in Polish', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('nav-settings').click();
  await screenshot(page, 'en-settings');
  await setLanguage(page, 'pl');
  await waitForInSync(page);
  // The engine's reason arrives as a code and is shown in Polish.
  await expect(page.getByTestId('global-reason')).toHaveText('Docplanner zgadza się z systemem gabinetu.');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  for (const screen of ['status', 'conflicts', 'mapping', 'activity', 'settings']) {
    await page.getByTestId(`nav-${screen}`).click();
    if (screen === 'activity') {
      // Activity summaries arrive with codes: the Polish words show, not the English stored beside them.
      const rows = page.locator('[data-testid^="activity-row-"]');
      await expect(rows.filter({ hasText: 'Opublikowano dostępność na' }).first()).toBeVisible({
        timeout: 15_000,
      });
      await expect(page.getByTestId('activity-list')).not.toContainText('Published availability');
    }
    await screenshot(page, `pl-${screen}`);
  }
  await expect(page.getByTestId('nav-status')).not.toHaveText('Status');
  await setLanguage(page, 'en');
});
