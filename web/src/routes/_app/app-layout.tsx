import { Link, Outlet, useNavigate, useRouteContext } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { signOut } from '@/lib/auth';
import { humanize } from '@/lib/format';
import { Button } from '@/components/ui/button';
import { navFor, type NavItem } from './navigation';

/** The signed-in frame: skip link, top navigation following the role, the user and sign-out, then the screen. */
export function AppLayout() {
  const { me } = useRouteContext({ from: '/app' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const manage = navFor(me.role, 'manage');

  async function onSignOut() {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      queryClient.clear();
      setSigningOut(false);
      await navigate({ to: '/sign-in', search: { signedOut: true } });
    }
  }

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2">
          <Link to="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="inline-block h-5 w-5 rounded bg-blue-700" />
            Vitals
          </Link>
          <NavLinks label="Main" items={navFor(me.role, 'work')} />
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {me.name} <span className="text-slate-500">· {humanize(me.role)}</span>
            </span>
            <Button variant="secondary" size="sm" onClick={() => void onSignOut()} disabled={signingOut}>
              Sign out
            </Button>
          </div>
        </div>
        {manage.length > 0 && (
          <div className="border-t border-slate-100 bg-slate-50">
            <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-1">
              <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Manage</span>
              <NavLinks label="Manage" items={manage} />
            </div>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none">
        <Outlet />
      </main>
    </div>
  );
}

function NavLinks({ label, items }: { label: string; items: NavItem[] }) {
  return (
    <nav aria-label={label} className="flex flex-1 flex-wrap gap-1">
      {items.map((item) => (
        <Link
          key={item.to}
          to={item.to}
          activeOptions={{ exact: item.to === '/' }}
          className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
          activeProps={{ className: 'bg-blue-50 font-semibold text-blue-800', 'aria-current': 'page' }}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
