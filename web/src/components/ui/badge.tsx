import type { ReactNode } from 'react';
import { cn } from './cn';

const tones = {
  green: 'bg-green-50 text-green-800 ring-green-700/30',
  yellow: 'bg-amber-50 text-amber-900 ring-amber-700/30',
  red: 'bg-red-50 text-red-800 ring-red-700/30',
  grey: 'bg-slate-100 text-slate-700 ring-slate-500/30',
  blue: 'bg-blue-50 text-blue-800 ring-blue-700/30',
} as const;

export type Tone = keyof typeof tones;

export function Badge({
  tone = 'grey',
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

/** A distinct shape per tone, so a band never depends on colour alone. */
export function ToneIcon({ tone }: { tone: Tone }) {
  const common = { width: 10, height: 10, viewBox: '0 0 10 10', 'aria-hidden': true, className: 'shrink-0' } as const;
  switch (tone) {
    case 'green':
      return (
        <svg {...common}>
          <circle cx="5" cy="5" r="4.5" fill="currentColor" />
        </svg>
      );
    case 'yellow':
      return (
        <svg {...common}>
          <path d="M5 0.5 L9.5 9.5 L0.5 9.5 Z" fill="currentColor" />
        </svg>
      );
    case 'red':
      return (
        <svg {...common}>
          <rect x="0.5" y="0.5" width="9" height="9" fill="currentColor" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="5" cy="5" r="4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      );
  }
}
