// A Playwright page object for the browser E2E: every step goes through the renderer's data-testids (listed in
// renderer/README.md), so the E2E spec reads as what a receptionist does and survives layout changes.
import { expect, type Page } from '@playwright/test';
import type { SyncState } from '../../../shared/bridge';

export type ScreenName = 'status' | 'conflicts' | 'mapping' | 'activity' | 'settings';

export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the headless host's URL (with its ?token=) and waits for the first status. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('global-state')).toBeVisible();
  }

  async show(screen: ScreenName): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
    await expect(this.page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page');
  }

  /** The DEMO banner (the built-in demo: simulated Docplanner, generated patients). */
  demoBanner() {
    return this.page.getByTestId('demo-banner');
  }

  /** First run: starts the built-in demo and waits for its banner. */
  async startDemo(timeout = 60_000): Promise<void> {
    await this.page.getByTestId('first-run-demo').click();
    await expect(this.demoBanner()).toBeVisible({ timeout });
  }

  /** Leaves the demo from its banner (the desktop app goes back to the first-run choice). */
  async leaveDemo(): Promise<void> {
    await this.demoBanner().getByTestId('demo-leave').click();
  }

  globalState() {
    return this.page.getByTestId('global-state');
  }

  async waitForState(state: SyncState, timeout = 60_000): Promise<void> {
    await this.show('status');
    await expect(this.globalState()).toHaveAttribute('data-state', state, { timeout });
  }

  addressRow(key: string) {
    return this.page.getByTestId(`address-row-${key}`);
  }

  async syncNow(addressKey?: string): Promise<void> {
    await this.show('status');
    await this.page.getByTestId(addressKey ? `sync-now-${addressKey}` : 'sync-all').click();
    await expect(this.page.getByTestId('status-notice')).not.toBeEmpty();
  }

  async fullResync(): Promise<void> {
    await this.show('status');
    await this.page.getByTestId('full-resync').click();
    await this.page.getByTestId('full-resync-confirm').click();
    await expect(this.page.getByTestId('status-notice')).not.toBeEmpty();
  }

  async activate(addressKey: string): Promise<void> {
    await this.show('status');
    await this.page.getByTestId(`activate-${addressKey}`).click();
    await this.page.getByTestId('activation-confirm').click();
    await expect(this.page.getByTestId('activation-result')).not.toBeEmpty();
    await this.page.keyboard.press('Escape');
  }

  conflictCard(id: string) {
    return this.page.getByTestId(`conflict-card-${id}`);
  }

  /** Resolves a conflict with one of its options and returns the outcome text. */
  async resolveConflict(id: string, action: string, by = 'E2E'): Promise<string> {
    await this.show('conflicts');
    await this.page.getByTestId(`conflict-option-${id}-${action}`).click();
    await this.page.getByTestId('conflict-operator').fill(by);
    await this.page.getByTestId('conflict-confirm').click();
    const notice = this.page.getByTestId('conflict-notice');
    await expect(notice).not.toBeEmpty();
    return (await notice.textContent()) ?? '';
  }

  /** Links a doctor-at-location to a Docplanner address id and saves; returns the save message. */
  async linkAddress(addressKey: string, addressId: string): Promise<string> {
    await this.show('mapping');
    await this.page.getByTestId(`mapping-row-address-${addressKey}-select`).selectOption(addressId);
    return this.saveMapping();
  }

  async linkService(addressKey: string, serviceId: string, addressServiceId: string): Promise<string> {
    await this.show('mapping');
    await this.page
      .getByTestId(`mapping-row-service-${addressKey}-${serviceId}-select`)
      .selectOption(addressServiceId);
    return this.saveMapping();
  }

  async saveMapping(): Promise<string> {
    await this.page.getByTestId('mapping-save').click();
    const message = this.page.getByTestId('mapping-message');
    await expect(message).not.toBeEmpty();
    return (await message.textContent()) ?? '';
  }

  async searchActivity(text: string): Promise<void> {
    await this.show('activity');
    await this.page.getByTestId('activity-search').fill(text);
    await this.page.getByTestId('activity-search').press('Enter');
  }

  activityRows() {
    return this.page.locator('[data-testid^="activity-row-"]');
  }

  /** Switches the UI language through Settings (saved like any setting). */
  async setLanguage(language: 'en' | 'pl'): Promise<void> {
    await this.show('settings');
    await this.page.getByTestId('settings-language').selectOption(language);
    await this.page.getByTestId('settings-save').click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', language);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: false });
  }
}
