// The clinic time zone picker: every IANA zone this browser knows. Memoized: it is a long list and must not
// re-render on each keystroke elsewhere in the form.
import { memo, useMemo, type SelectHTMLAttributes } from 'react';
import { timeZones } from './markets';

type Props = { value: string; onChange: (zone: string) => void } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'value' | 'onChange'
>;

export const TimeZoneSelect = memo(function TimeZoneSelect({ value, onChange, ...rest }: Props) {
  const zones = useMemo(() => timeZones(value), [value]);
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </select>
  );
});
