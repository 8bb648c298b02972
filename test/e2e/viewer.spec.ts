// Two reception PCs on one practice DB (issue 7): the demo desk holds the sync lease; RECEPTION-2 runs its own
// runtime and state DB and must show viewer mode, with its requests carried out by the desk that syncs.
import { expect, test } from '@playwright/test';
import { demoState, screenshot } from './support';

test('the second reception PC shows who syncs and hands its requests to that PC', async ({ page }) => {
  await page.goto(demoState().viewerUrl);
  const banner = page.getByTestId('viewer-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('DEMO-DESK');
  await expect(page.getByTestId('global-state')).toHaveAttribute('data-state', 'in-sync', {
    timeout: 60_000,
  });
  await expect(page.locator('[data-testid^="address-row-"]')).not.toHaveCount(0);
  await expect(page.getByTestId('pause-toggle')).toHaveCount(0); // only the syncing PC can pause
  await screenshot(page, 'en-viewer');

  await page.getByTestId('sync-all').click();
  await expect(page.getByTestId('status-notice')).toContainText('DEMO-DESK', { timeout: 15_000 });

  const status = await page.request.get(new URL('/api/status', demoState().viewerUrl).toString(), {
    headers: { authorization: `Bearer ${new URL(demoState().viewerUrl).searchParams.get('token')}` },
  });
  expect((await status.json()).lease).toMatchObject({ role: 'viewer', holder: 'DEMO-DESK' });
});
