// Crash handling: logged, a dialog offers relaunch, which relaunches; the dialog text is redacted.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./support/fake-electron'));

const { app, dialog } = await import('./support/fake-electron');
const { handleCrash } = await import('../../electron/main/crash');

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
beforeEach(() => {
  vi.clearAllMocks();
  app.isReady.mockReturnValue(true);
});

describe('crash handling', () => {
  it('logs, asks, and relaunches when the receptionist chooses Relaunch', () => {
    dialog.showMessageBoxSync.mockReturnValue(0);
    handleCrash('error', new Error('boom'), log, true);
    expect(log.error).toHaveBeenCalled();
    expect(dialog.showMessageBoxSync).toHaveBeenCalledWith(
      expect.objectContaining({ buttons: ['Relaunch', 'Quit'], type: 'error' }),
    );
    expect(app.relaunch).toHaveBeenCalledTimes(1);
    expect(app.exit).toHaveBeenCalledWith(0);
  });

  it('quits on a fatal error when Relaunch is declined', () => {
    dialog.showMessageBoxSync.mockReturnValue(1);
    handleCrash('error', new Error('boom'), log, true);
    expect(app.relaunch).not.toHaveBeenCalled();
    expect(app.exit).toHaveBeenCalledWith(1);
  });

  it('keeps running after an unhandled rejection when Continue is chosen', () => {
    dialog.showMessageBoxSync.mockReturnValue(1);
    handleCrash('rejection', 'socket hang up', log, false);
    expect(dialog.showMessageBoxSync).toHaveBeenCalledWith(
      expect.objectContaining({ buttons: ['Relaunch', 'Continue'] }),
    );
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('shows no patient data in the dialog', () => {
    dialog.showMessageBoxSync.mockReturnValue(1);
    handleCrash('rejection', new Error('insert failed for patient: Jan Kowalski, 601 234 567'), log, false);
    const detail = (dialog.showMessageBoxSync.mock.calls[0] as unknown as [{ detail: string }])[0].detail;
    expect(detail).not.toContain('Kowalski');
    expect(detail).not.toContain('601 234 567');
  });

  it('exits when the app is not ready to show a dialog', () => {
    app.isReady.mockReturnValue(false);
    handleCrash('error', new Error('early'), log, true);
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled();
    expect(app.exit).toHaveBeenCalledWith(1);
  });
});
