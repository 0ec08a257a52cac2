import { createRoute, useNavigate } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { signIn } from '@/lib/auth';
import { ApiError } from '@/lib/graphql-client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { rootRoute } from '../__root';
import { AuthFrame } from './auth-frame';

interface SignInSearch {
  redirect?: string;
  signedOut?: boolean;
  expired?: boolean;
}

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): SignInSearch => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
    signedOut: search.signedOut === true || search.signedOut === 'true' ? true : undefined,
    expired: search.expired === true || search.expired === 'true' ? true : undefined,
  }),
  component: SignInPage,
});

/** Only paths inside the app: an open redirect to another site must not be possible. */
function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return '/';
  return target.replace(/^\/app(?=\/|$)/, '') || '/';
}

function SignInPage() {
  const search = signInRoute.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      queryClient.clear();
      await navigate({ to: safeRedirect(search.redirect) });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'ERROR', null));
    } finally {
      setBusy(false);
    }
  }

  const fields = error?.fieldMap() ?? {};
  return (
    <AuthFrame title="Sign in">
      {search.signedOut && (
        <p role="status" className="mb-3 rounded bg-green-50 px-3 py-2 text-sm text-green-900">
          You are signed out.
        </p>
      )}
      {search.expired && !search.signedOut && (
        <p role="status" className="mb-3 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your session has ended. Sign in again to continue.
        </p>
      )}
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4" noValidate>
        <Field label="Email" error={fields.email}>
          {(ids) => (
            <Input
              {...ids}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={fields.password}>
          {(ids) => (
            <Input
              {...ids}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {error && !Object.keys(fields).length && (
          <p role="alert" className="text-sm text-red-700">
            {error.message}
            {error.requestId && <span className="block text-xs text-red-800">Request id: {error.requestId}</span>}
          </p>
        )}
        <Button type="submit" className="w-full" disabled={busy || !email || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="mt-4 text-xs text-slate-600">
        No password yet? Ask your admin for an invitation link; it lets you set one.
      </p>
    </AuthFrame>
  );
}
