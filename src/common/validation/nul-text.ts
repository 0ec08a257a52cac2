/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or jsonb: a parameter holding one fails the
 * statement ("invalid byte sequence for encoding UTF8: 0x00"). Every GraphQL argument is checked for it once,
 * by the validation pipe, so no such string reaches SQL whatever field it came in.
 */

/** A step of the path to a value: its parent's step and its key (an array index, an object key). */
interface Step {
  parent: Step | null;
  key: string | number;
}

function pathOf(root: string, step: Step | null): string {
  const keys: Array<string | number> = [];
  for (let s = step; s; s = s.parent) keys.push(s.key);
  return keys
    .reverse()
    .reduce<string>((at, k) => (typeof k === 'number' ? `${at}[${k}]` : at ? `${at}.${k}` : k), root);
}

/** Where the first NUL is in `value` (a string, or an object key or string inside arrays and objects), or null. */
export function findNul(value: unknown, path: string): string | null {
  // Iterative, depth-first in document order, the path built only when found: JSON arguments may be deep.
  const stack: Array<[unknown, Step | null]> = [[value, null]];
  while (stack.length) {
    const [v, step] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(path, step);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { parent: step, key: i }]);
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const keys = Object.keys(v);
      for (const k of keys) if (k.includes('\u0000')) return `${pathOf(path, step) || 'input'} (a key)`;
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push([(v as Record<string, unknown>)[keys[i]], { parent: step, key: keys[i] }]);
    }
  }
  return null;
}
