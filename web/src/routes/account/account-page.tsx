import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '@/components/states';
import { TabPanel, Tabs } from '@/components/ui/tabs';
import { NotFoundPage } from '../errors/not-found';
import { accountRoute, type AccountTab } from './account.route';
import { accountQueryOptions } from './account.query';
import { AccountHeader } from './account-header';
import { ActionBar } from './actions/action-bar';
import { HealthPanel } from './health-panel';
import { ClvPanel, RiskPanel } from './risk-panel';
import { RevenuePanel } from './revenue-panel';
import { UsagePanel } from './usage-panel';
import { FeedbackPanel } from './feedback-panel';
import { OpenTasksPanel, RunsPanel } from './work-panel';
import { TimelinePanel } from './timeline-panel';

const TABS: { value: AccountTab; label: string }[] = [
  { value: 'overview', label: 'Overview' },
  { value: 'revenue', label: 'Revenue' },
  { value: 'usage', label: 'Usage' },
  { value: 'feedback', label: 'Feedback' },
  { value: 'timeline', label: 'Timeline' },
];

export function AccountPage() {
  const { accountId } = accountRoute.useParams();
  const search = accountRoute.useSearch();
  const navigate = accountRoute.useNavigate();
  const query = useQuery(accountQueryOptions(accountId));

  if (query.isPending) return <LoadingState label="Loading the account…" rows={10} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data.account;
  // Absent, or not in a CSM's book: the API answers null either way.
  if (!a) return <NotFoundPage />;
  const tab = search.tab ?? 'overview';
  const setSearch = (patch: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  return (
    <>
      <title>{`${a.name} · Vitals`}</title>
      <AccountHeader account={a} />
      <ActionBar accountId={a.id} />
      <Tabs
        label="Account sections"
        value={tab}
        onValueChange={(v) => setSearch({ tab: v === 'overview' ? undefined : (v as AccountTab) })}
        tabs={TABS}
      >
        <TabPanel value="overview">
          <div className="grid gap-4 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <HealthPanel account={a} />
            </div>
            <div className="space-y-4">
              <RiskPanel account={a} />
              <ClvPanel account={a} />
            </div>
            <div className="lg:col-span-2">
              <OpenTasksPanel data={query.data} />
            </div>
            <RunsPanel data={query.data} />
          </div>
        </TabPanel>
        <TabPanel value="revenue">
          <RevenuePanel account={a} />
        </TabPanel>
        <TabPanel value="usage">
          <UsagePanel account={a} />
        </TabPanel>
        <TabPanel value="feedback">
          <FeedbackPanel account={a} />
        </TabPanel>
        <TabPanel value="timeline">
          <TimelinePanel accountId={a.id} group={search.kind} onGroupChange={(k) => setSearch({ kind: k })} />
        </TabPanel>
      </Tabs>
    </>
  );
}
