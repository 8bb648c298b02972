// The virtualized activity list (@tanstack/react-virtual): only the rows in view (plus a few) are in the DOM,
// so 10,000 entries stay smooth. Reaching the end asks for the next, older page.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ActivityEntry } from '../../../shared/bridge';
import { useT } from '../../i18n';
import { ActivityRow, ACTIVITY_ROW_HEIGHT } from './ActivityRow';

interface ActivityListProps {
  entries: ActivityEntry[];
  /** Called when the last rendered row is near the end of what is loaded. */
  onNearEnd?: () => void;
}

export function ActivityList({ entries, onNearEnd }: ActivityListProps) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ACTIVITY_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (onNearEnd && lastIndex >= entries.length - 5) onNearEnd();
  }, [lastIndex, entries.length, onNearEnd]);

  return (
    <div
      className="activity-scroll"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label={t('activity.list')}
      data-testid="activity-list"
    >
      <div role="list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => (
          <ActivityRow
            key={entries[item.index]!.id}
            entry={entries[item.index]!}
            position={item.index + 1}
            total={entries.length}
            top={item.start}
          />
        ))}
      </div>
    </div>
  );
}
