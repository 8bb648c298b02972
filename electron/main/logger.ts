// The logger shape the shell's modules receive (electron-log's functions fit it). Injected rather than imported
// so that modules stay testable without loading electron-log/main, which requires the Electron binary.
export interface Logger {
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}
