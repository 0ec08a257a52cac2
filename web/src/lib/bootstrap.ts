import type { MeQuery } from '@/gql/graphql';

/**
 * What the service inlines into the page for a signed-in browser (src/modules/web/app-bootstrap.ts): the user, as
 * the `me` query returns it, so the app starts without that round trip. Absent (no session, or `npm run dev`'s
 * page): null, and the app asks for `me` as usual. Read once, then removed from the page.
 */
export function readBootstrap(doc: Document = document): MeQuery | null {
  const el = doc.getElementById('vitals-bootstrap');
  if (!el) return null;
  el.remove();
  try {
    const data = JSON.parse(el.textContent ?? '') as { me?: Partial<MeQuery['me']> };
    const me = data.me;
    if (!me || typeof me.id !== 'string' || typeof me.role !== 'string') return null;
    return { me: { id: me.id, name: String(me.name ?? ''), email: String(me.email ?? ''), role: me.role } };
  } catch {
    return null;
  }
}
