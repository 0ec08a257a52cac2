import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-slate-700">
        There is nothing at this address. It may have been mistyped, or the account may no longer exist or not be in
        your book.
      </p>
      <Link to="/" className="mt-4 inline-block font-medium text-blue-800 underline">
        Go to My Day
      </Link>
    </div>
  );
}
