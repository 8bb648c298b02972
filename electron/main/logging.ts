// electron-log for the main process: a rotating file in the user-data logs folder and the console, with every
// message passed through the redaction hook first (no patient data, no credentials in logs).
import log from 'electron-log/main';
import type { Logger } from './logger';
import { redactLogMessage } from './redact';

export function setupLogging(): Logger {
  log.transports.file.level = 'info';
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.console.level = process.env.NODE_ENV === 'development' ? 'debug' : 'warn';
  log.hooks.push((message) => redactLogMessage(message));
  return log;
}

/** Where the log file is, to tell the receptionist or support. */
export function logFilePath(): string {
  return log.transports.file.getFile().path;
}
