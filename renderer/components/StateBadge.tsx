// A sync state shown as icon + words + colour (never colour alone). Icons are plain text symbols that
// every system font has (no emoji).
import type { SyncState } from '../../shared/bridge';
import { useT, type MessageKey } from '../i18n';

export type Tone = 'ok' | 'busy' | 'wait' | 'warn' | 'bad';

const LOOK: Record<SyncState | 'disconnected', { icon: string; tone: Tone; label: MessageKey }> = {
  'in-sync': { icon: '✓', tone: 'ok', label: 'state.in-sync' },
  syncing: { icon: '↻', tone: 'busy', label: 'state.syncing' },
  'rate-limited': { icon: '…', tone: 'wait', label: 'state.rate-limited' },
  paused: { icon: '‖', tone: 'wait', label: 'state.paused' },
  offline: { icon: '⚠', tone: 'warn', label: 'state.offline' },
  'needs-sign-in': { icon: '!', tone: 'warn', label: 'state.needs-sign-in' },
  'not-configured': { icon: '○', tone: 'warn', label: 'state.not-configured' },
  error: { icon: '✕', tone: 'bad', label: 'state.error' },
  disconnected: { icon: '✕', tone: 'bad', label: 'state.disconnected' },
};

interface StateBadgeProps {
  state: SyncState | 'disconnected';
  large?: boolean;
  testId?: string;
}

export function StateBadge({ state, large, testId }: StateBadgeProps) {
  const t = useT();
  const look = LOOK[state];
  return (
    <span
      className={`badge tone-${look.tone}${large ? ' large' : ''}`}
      data-testid={testId}
      data-state={state}
    >
      <span aria-hidden="true" className="badge-icon">
        {look.icon}
      </span>
      {t(look.label)}
    </span>
  );
}
