import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '@/lib/graphql-client';
import { Select } from '@/components/ui/select';
import { TeamQuery } from './my-day.graphql';

export const teamQueryOptions = { queryKey: ['team'], queryFn: () => gqlRequest(TeamQuery), staleTime: 5 * 60_000 };

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
