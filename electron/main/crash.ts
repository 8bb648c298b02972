// Last-resort handling of uncaught exceptions and unhandled rejections: log them (redacted by the logging hook,
// and redacted here for the dialog), then offer to relaunch. One dialog at a time.
import { app, dialog } from 'electron';
import type { Logger } from './logger';
import { redactText } from './redact';

let showing = false;

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return String(reason);
}

/** Logs the failure and asks whether to relaunch. `fatal` errors offer Relaunch/Quit, others Relaunch/Continue. */
export function handleCrash(kind: string, reason: unknown, log: Logger, fatal: boolean): void {
  log.error(`Unexpected ${kind}:`, reason);
  if (!app.isReady()) {
    app.exit(1);
    return;
  }
  if (showing) return;
  showing = true;
  try {
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: 'Clinic Sync Desk',
      message: 'Clinic Sync Desk ran into an unexpected problem.',
      detail:
        `${redactText(describe(reason))}\n\nNothing already saved is lost: unsent changes are kept and sent ` +
        'after a restart.',
      buttons: fatal ? ['Relaunch', 'Quit'] : ['Relaunch', 'Continue'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (choice === 0) {
      app.relaunch();
      app.exit(0);
    } else if (fatal) {
      app.exit(1);
    }
  } finally {
    showing = false;
  }
}

export function installCrashHandlers(log: Logger): void {
  process.on('uncaughtException', (error) => handleCrash('error', error, log, true));
  process.on('unhandledRejection', (reason) => handleCrash('rejection', reason, log, false));
}
