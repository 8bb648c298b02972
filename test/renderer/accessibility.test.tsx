// Accessibility basics on every screen with data: landmarks, one h1, every control labelled, and the whole
// window usable from the keyboard (navigation reached with Tab and switched with Enter).
import { screen } from '@testing-library/react';
import { makeConflict } from './support/fixtures';
import { renderApp } from './support/render';

const SCREENS = ['status', 'conflicts', 'mapping', 'activity', 'settings'] as const;
const READY: Record<(typeof SCREENS)[number], string> = {
  status: 'address-table',
  conflicts: 'conflict-card-c1',
  mapping: 'mapping-save',
  activity: 'activity-list',
  settings: 'settings-save',
};

describe('accessibility', () => {
  it.each(SCREENS)('%s: landmarks, one heading 1, every control has a name', async (name) => {
    await renderApp({ screen: name, state: { conflicts: [makeConflict(1)] } });
    await screen.findByTestId(READY[name]);
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    for (const control of document.querySelectorAll('button, input, select, textarea')) {
      expect(control, control.outerHTML.slice(0, 120)).toHaveAccessibleName();
    }
  });

  it('reaches the navigation with Tab and switches screens with Enter', async () => {
    const { user } = await renderApp();
    await screen.findByTestId('global-state');
    await user.tab(); // skip link
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('nav-status')).toHaveFocus();
    await user.tab();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { level: 1, name: 'Conflicts' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-conflicts')).toHaveAttribute('aria-current', 'page');
    expect(document.title).toBe('Conflicts — Clinic Sync Desk');
  });
});
