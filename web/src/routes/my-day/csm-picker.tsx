import { useQuery } from '@tanstack/react-query';
import { Select } from '@/components/ui/select';
import { teamQueryOptions } from './my-day.query';

// Screens that show the picker import the team's query from here too.
export { teamQueryOptions };

/** MANAGER: choose one CSM, or the whole team. */
export function CsmPicker({
  value,
  onChange,
  label = 'CSM',
}: {
  value?: string;
  onChange: (v?: string) => void;
  label?: string;
}) {
  const team = useQuery(teamQueryOptions);
  const csms = (team.data?.users ?? []).filter((u) => u.role === 'CSM' || u.role === 'MANAGER');
  return (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      {label}
      <Select
        aria-label={label}
        value={value}
        onChange={onChange}
        emptyLabel="Whole team"
        options={csms.map((u) => ({ value: u.id, label: u.name }))}
      />
    </label>
  );
}
