import { createRoute, Link } from '@tanstack/react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { PasswordLinkQuery, setPassword } from '@/lib/auth';
import { ApiError, gqlRequest } from '@/lib/graphql-client';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { DateTime } from '@/components/date-time';
import { LoadingState } from '@/components/states';
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

/** The page behind an invitation or reset link: who it is for, then the new password (the service checks strength). */
function SetPasswordPage() {
  const { token } = setPasswordRoute.useSearch();
  const link = useQuery({
    queryKey: ['passwordLink', token],
    queryFn: () => gqlRequest(PasswordLinkQuery, { token: token ?? '' }),
    enabled: !!token,
  });
  if (!token || link.error)
    return (
      <AuthFrame title="This link does not work">
        <p role="alert" className="text-sm text-slate-700">
          {token
            ? 'The link is invalid, already used or expired (links are valid 7 days).'
            : 'This link has no token. Open the full link from your invitation.'}{' '}
          Ask your admin for a new one.
        </p>
        <Link to="/sign-in" className="mt-3 inline-block font-medium text-blue-800 underline">
          Go to sign-in
        </Link>
      </AuthFrame>
    );
  if (link.isPending)
    return (
      <AuthFrame title="Set your password">
        <LoadingState rows={2} />
      </AuthFrame>
    );
  const info = link.data.passwordLink;
  return <SetPasswordForm token={token} info={info} />;
}

function SetPasswordForm({
  token,
  info,
}: {
  token: string;
  info: { email: string; name: string; purpose: string; expiresAt: string };
}) {
  const queryClient = useQueryClient();
  const navigate = setPasswordRoute.useNavigate();
  const [password, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await setPassword(token, password);
      queryClient.clear();
      // Setting the password signs in: straight to My Day.
      await navigate({ to: '/' });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'ERROR', null));
    } finally {
      setBusy(false);
    }
  }

  const fields = error?.fieldMap() ?? {};
  return (
    <AuthFrame title={info.purpose === 'RESET' ? 'Choose a new password' : 'Set your password'}>
      <p className="mb-4 text-sm text-slate-700">
        For {info.name} ({info.email}). This link works until <DateTime value={info.expiresAt} />.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4" noValidate>
        <input type="email" autoComplete="username" value={info.email} readOnly hidden />
        <Field
          label="New password"
          hint="At least 12 characters; avoid common words and patterns."
          error={fields.password ?? fields.token}
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
        {error && !fields.password && !fields.token && (
          <p role="alert" className="text-sm text-red-700">
            {error.message}
            {error.requestId && <span className="block text-xs">Request id: {error.requestId}</span>}
          </p>
        )}
        <Button type="submit" className="w-full" disabled={busy || !password || confirm !== password}>
          {busy ? 'Saving…' : 'Set password and sign in'}
        </Button>
      </form>
    </AuthFrame>
  );
}
