import { Link } from '@tanstack/react-router';
import type { ScorecardImpactQuery } from '@/gql/graphql';
import { DataTable } from '@/components/cockpit/data-table';
import { BandBadge } from '@/components/band-badge';
import { EmptyState } from '@/components/states';
import { formatInt, formatScore } from '@/lib/format';

type Impact = ScorecardImpactQuery['scorecardImpact'];
type Change = Impact['changes'][number];

/** The what-if result: how many accounts of the scope would change band, and which (before → after). */
export function ScorecardImpactPanel({ impact, limit }: { impact: Impact; limit: number }) {
  return (
    <section aria-label="What-if preview" className="space-y-2" data-testid="scorecard-impact">
      <p className="text-sm text-slate-800" data-testid="impact-summary">
        {`${formatInt(impact.changed)} of ${formatInt(impact.accounts)} accounts would change band`}
        {impact.changed > impact.changes.length &&
          ` (the ${formatInt(impact.changes.length)} largest score changes listed)`}
      </p>
      {impact.changes.length === 0 ? (
        <EmptyState title="No account would change band">
          The scores move, but every account stays in its band.
        </EmptyState>
      ) : (
        <DataTable<Change>
          caption={`Accounts whose band would change (at most ${limit})`}
          csvName="scorecard-what-if"
          rows={impact.changes}
          rowKey={(c) => c.accountId}
          columns={[
            {
              key: 'account',
              label: 'Account',
              value: (c) => c.accountName,
              render: (c) => (
                <Link to="/accounts/$accountId" params={{ accountId: c.accountId }} className="text-blue-800 underline">
                  {c.accountName}
                </Link>
              ),
            },
            { key: 'segment', label: 'Segment', value: (c) => c.segment },
            {
              key: 'bandBefore',
              label: 'Band now',
              value: (c) => c.bandBefore,
              render: (c) => <BandBadge band={c.bandBefore} />,
            },
            {
              key: 'scoreBefore',
              label: 'Score now',
              value: (c) => c.scoreBefore,
              render: (c) => formatScore(c.scoreBefore),
              numeric: true,
            },
            {
              key: 'bandAfter',
              label: 'Band after',
              value: (c) => c.bandAfter,
              render: (c) => <BandBadge band={c.bandAfter} />,
            },
            {
              key: 'scoreAfter',
              label: 'Score after',
              value: (c) => c.scoreAfter,
              render: (c) => formatScore(c.scoreAfter),
              numeric: true,
            },
          ]}
        />
      )}
    </section>
  );
}
