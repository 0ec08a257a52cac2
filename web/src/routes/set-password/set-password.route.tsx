import { createRoute, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { setPassword } from '@/lib/auth';
import { ApiError } from '@/lib/graphql-client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { rootRoute } from '../__root';
import { AuthFrame } from '../sign-in/auth-frame';

export const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/set-password',
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({
    token: typeof search.token === 'string' ? search.token : undefined,
  }),
  component: SetPasswordPage,
});

/** The page behind an invitation or reset link: choose a password (the service checks length and strength). */
function SetPasswordPage() {
  const { token } = setPasswordRoute.useSearch();
  const [password, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!token || mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await setPassword(token, password);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'ERROR', null));
    } finally {
      setBusy(false);
    }
  }

  if (!token)
    return (
      <AuthFrame title="Set your password">
        <p className="text-sm text-slate-700">
          This link has no token. Open the full link from your invitation, or ask your admin for a new one.
        </p>
      </AuthFrame>
    );
  if (done)
    return (
      <AuthFrame title="Password set">
        <p role="status" className="text-sm text-slate-700">
          Your password is set.
        </p>
        <Link to="/sign-in" className="mt-3 inline-block font-medium text-blue-800 underline">
          Sign in
        </Link>
      </AuthFrame>
    );
  const fields = error?.fieldMap() ?? {};
  return (
    <AuthFrame title="Set your password">
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4" noValidate>
        <Field
          label="New password"
          hint="At least 12 characters; avoid common words and patterns."
          error={fields.password}
        >
          {(ids) => (
            <Input
              {...ids}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPw(e.target.value)}
            />
          )}
        </Field>
        <Field label="Repeat the password" error={mismatch ? 'The two passwords differ' : undefined}>
          {(ids) => (
            <Input
              {...ids}
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          )}
        </Field>
        {error && !fields.password && (
          <p role="alert" className="text-sm text-red-700">
            {error.message}
            {error.requestId && <span className="block text-xs">Request id: {error.requestId}</span>}
          </p>
        )}
        <Button type="submit" className="w-full" disabled={busy || !password || mismatch || confirm !== password}>
          {busy ? 'Saving…' : 'Set password'}
        </Button>
      </form>
    </AuthFrame>
  );
}
