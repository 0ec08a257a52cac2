import { createRouter } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { rootRoute } from './routes/__root';
import { appRoute } from './routes/_app/app.route';
import { signInRoute } from './routes/sign-in/sign-in.route';
import { setPasswordRoute } from './routes/set-password/set-password.route';
import { myDayRoute } from './routes/my-day/my-day.route';
import { accountsRoute } from './routes/accounts/accounts.route';
import { accountRoute } from './routes/account/account.route';
import { tasksRoute } from './routes/tasks/tasks.route';
import { playbooksRoute } from './routes/playbooks/playbooks.route';
import { playbookRoute } from './routes/playbooks/playbook.route';
import { retentionRoute } from './routes/retention/retention.route';
import { voiceRoute } from './routes/voice/voice.route';
import { scorecardsRoute } from './routes/scorecards/scorecards.route';
import { churnModelRoute } from './routes/churn-model/churn-model.route';
import { webhooksRoute } from './routes/webhooks/webhooks.route';
import { settingsRoute } from './routes/settings/settings.route';
import { renewalsRoute } from './routes/renewals/renewals.route';
import { notAllowedRoute } from './routes/errors/not-allowed.route';
import { portfolioRoute } from './routes/portfolio/portfolio.route';
import { csmRoute, teamRoute } from './routes/team/team.route';
import { NotFoundPage } from './routes/errors/not-found';
import { ErrorState } from './components/states';

/** The route tree. A new screen: a folder under routes/ with its route and documents, added here (docs/web.md). */
export const routeTree = rootRoute.addChildren([
  signInRoute,
  setPasswordRoute,
  appRoute.addChildren([
    myDayRoute,
    accountsRoute,
    accountRoute,
    tasksRoute,
    notAllowedRoute,
    playbooksRoute,
    playbookRoute,
    retentionRoute,
    voiceRoute,
    scorecardsRoute,
    churnModelRoute,
    portfolioRoute,
    webhooksRoute,
    settingsRoute,
    teamRoute,
    csmRoute,
    renewalsRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    basepath: '/app',
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    defaultNotFoundComponent: NotFoundPage,
    defaultErrorComponent: ({ error, reset }) => (
      <div className="mx-auto max-w-2xl px-4 py-10">
        <ErrorState error={error} onRetry={reset} />
      </div>
    ),
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
