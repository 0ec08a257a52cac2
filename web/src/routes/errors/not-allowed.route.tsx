import { createRoute, Link } from '@tanstack/react-router';
import { appRoute } from '../_app/app.route';

export function NotAllowedPage() {
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Not allowed</h1>
      <p className="mt-2 text-slate-700">
        Your role cannot open this page. If you need it, ask a manager or an admin of your Vitals workspace.
      </p>
      <Link to="/" className="mt-4 inline-block font-medium text-blue-800 underline">
        Go to My Day
      </Link>
    </div>
  );
}

export const notAllowedRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/not-allowed',
  component: NotAllowedPage,
});
