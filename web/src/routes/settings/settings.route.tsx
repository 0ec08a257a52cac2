import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { TabPanel, Tabs } from '@/components/ui/tabs';
import { appRoute } from '../_app/app.route';
import { ADMINS } from '../_app/navigation';
import { requireRole } from '../_app/require-role';
import { SettingsUsersPanel } from './settings-users-panel';
import { SettingsKeysPanel } from './settings-keys-panel';
import { SettingsCostsPanel } from './settings-costs-panel';
import { SettingsSourcesPanel } from './settings-sources-panel';

const TABS = [
  { value: 'users', label: 'Users' },
  { value: 'keys', label: 'API keys' },
  { value: 'costs', label: 'CS costs' },
  { value: 'sources', label: 'Ingestion sources' },
] as const;
type Tab = (typeof TABS)[number]['value'];

/** Settings (ADMIN): one tab per section; only the open tab's data is asked for. `?tab=` keeps the section in the URL. */
export const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  beforeLoad: requireRole(ADMINS),
  validateSearch: (search: Record<string, unknown>): { tab?: Tab } => ({
    tab: TABS.some((t) => t.value === search.tab) ? (search.tab as Tab) : undefined,
  }),
  component: SettingsPage,
});

function SettingsPage() {
  const { tab = 'users' } = settingsRoute.useSearch();
  const { me } = settingsRoute.useRouteContext();
  const navigate = settingsRoute.useNavigate();
  return (
    <>
      <PageHeader title="Settings" subtitle="Users, API keys, customer-success costs and ingestion sources" />
      <div data-testid="settings-content">
        <Tabs
          label="Settings sections"
          value={tab}
          onValueChange={(v) => void navigate({ search: { tab: v === 'users' ? undefined : (v as Tab) } })}
          tabs={[...TABS]}
        >
          <TabPanel value="users">{tab === 'users' && <SettingsUsersPanel meId={me.id} />}</TabPanel>
          <TabPanel value="keys">{tab === 'keys' && <SettingsKeysPanel />}</TabPanel>
          <TabPanel value="costs">{tab === 'costs' && <SettingsCostsPanel />}</TabPanel>
          <TabPanel value="sources">{tab === 'sources' && <SettingsSourcesPanel />}</TabPanel>
        </Tabs>
      </div>
    </>
  );
}
