import * as RadixSelect from '@radix-ui/react-select';
import { cn } from './cn';

export interface SelectOption {
  value: string;
  label: string;
}

/** Radix forbids '' as an item value; this stands for "no choice" (e.g. "All owners"). */
const NONE = '__none__';

interface SelectProps {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  options: SelectOption[];
  /** Label of the empty choice; omit to require a value. */
  emptyLabel?: string;
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  className?: string;
}

export function Select({ value, onChange, options, emptyLabel, className, ...aria }: SelectProps) {
  return (
    <RadixSelect.Root
      value={value ?? (emptyLabel ? NONE : undefined)}
      onValueChange={(v) => onChange(v === NONE ? undefined : v)}
    >
      <RadixSelect.Trigger
        {...aria}
        className={cn(
          'inline-flex h-9 min-w-36 items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900',
          className,
        )}
      >
        <RadixSelect.Value placeholder={emptyLabel ?? 'Choose…'} />
        <RadixSelect.Icon aria-hidden className="text-slate-500">
          ▾
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-80 min-w-[var(--radix-select-trigger-width)] overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          <RadixSelect.Viewport>
            {emptyLabel && <Item value={NONE} label={emptyLabel} />}
            {options.map((o) => (
              <Item key={o.value} value={o.value} label={o.label} />
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}

function Item({ value, label }: SelectOption) {
  return (
    <RadixSelect.Item
      value={value}
      className="relative flex cursor-default items-center py-1.5 pr-3 pl-7 text-sm text-slate-900 outline-none select-none data-[highlighted]:bg-blue-50"
    >
      <RadixSelect.ItemIndicator className="absolute left-2" aria-hidden>
        ✓
      </RadixSelect.ItemIndicator>
      <RadixSelect.ItemText>{label}</RadixSelect.ItemText>
    </RadixSelect.Item>
  );
}
