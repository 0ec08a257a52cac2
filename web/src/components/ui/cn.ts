import { clsx, type ClassValue } from 'clsx';

/** Joins class names (clsx); later Tailwind classes are written to win by order, no merging library needed. */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
