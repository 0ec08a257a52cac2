import type { ReactNode } from 'react';

/** The centred card of the signed-out pages. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="mb-4 flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="inline-block h-5 w-5 rounded bg-blue-700" />
          Vitals
        </p>
        <h1 className="mb-4 text-xl font-semibold text-slate-900">{title}</h1>
        {children}
      </div>
    </main>
  );
}
