// Settings screen: loads the engine's settings and hands them to the form (which is rebuilt after a save).
import { useEffect } from 'react';
import { LoadGate } from '../../components/LoadGate';
import { useT } from '../../i18n';
import { useApp } from '../../store/store';
import { SettingsForm } from './SettingsForm';

export function SettingsScreen() {
  const t = useT();
  const settings = useApp((s) => s.settings);
  const loadSettings = useApp((s) => s.loadSettings);

  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  return (
    <section aria-labelledby="settings-title" className="screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <LoadGate load={settings} retry={() => void loadSettings()} testId="settings">
        {(data) => <SettingsForm key={JSON.stringify(data)} settings={data} />}
      </LoadGate>
    </section>
  );
}
