import { useState } from 'react';
import { Button } from './ui/button';

/**
 * A secret the API returns only once (signing secret, API key, ingestion key, invitation link): shown read-only with
 * a Copy button and a plain warning that it cannot be seen again.
 */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-4">
      <p className="font-semibold text-slate-900">{label}</p>
      <p className="text-sm text-slate-800">
        Copy it now and keep it somewhere safe: <strong>you won’t see it again</strong>.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label={label}
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 font-mono text-sm text-slate-900"
        />
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard
              .writeText(value)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}
