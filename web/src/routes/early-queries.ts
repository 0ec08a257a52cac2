import { defaultParseSearch } from '@tanstack/react-router';
import type { Role } from '@/gql/graphql';
import { accountQueryOptions } from './account/account.query';
import { accountsQueryOptions } from './accounts/accounts.query';
import { validateAccountsSearch } from './accounts/accounts-search';
import { myDayQueryOptions, teamQueryOptions } from './my-day/my-day.query';
import { isManager } from './_app/navigation';

export interface EarlyQuery {
  queryKey: readonly unknown[];
  queryFn: () => Promise<unknown>;
}

/**
 * The requests the first screen will make, known from the URL alone: the same query options (so the same cache
 * keys) as the routes' loaders, which then find them in flight. main.tsx starts them before React, the router and
 * the screens' code have been evaluated. A path not listed here simply starts its request in its loader.
 */
export function earlyQueries(pathname: string, searchStr: string, role: Role): EarlyQuery[] {
  const path = pathname.replace(/^\/app/, '').replace(/\/$/, '') || '/';
  const search: Record<string, unknown> = defaultParseSearch(searchStr);
  const manager = isManager(role);
  const account = /^\/accounts\/([^/]+)$/.exec(path);
  if (account) return [accountQueryOptions(decodeURIComponent(account[1]))];
  if (path === '/accounts') {
    const list = accountsQueryOptions(validateAccountsSearch(search));
    return manager ? [list, teamQueryOptions] : [list];
  }
  if (path === '/') {
    const owner = manager && typeof search.owner === 'string' && search.owner ? search.owner : undefined;
    return [myDayQueryOptions(owner)];
  }
  return [];
}
