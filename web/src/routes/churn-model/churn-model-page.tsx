import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '@/lib/graphql-client';
import { useApiMutation } from '@/lib/use-api-mutation';
import { formatInt, humanize } from '@/lib/format';
import { PageHeader, Section } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/states';
import { FormError } from '@/components/form-error';
import { DataTable } from '@/components/cockpit/data-table';
import { DateTime } from '@/components/date-time';
import { Field, Input } from '@/components/ui/input';
import { Button } from '@/components/ui/button';
import { churnModelRoute } from './churn-model.route';
import { RiskModelsQuery, TrainRiskModelMutation } from './churn-model.graphql';
import { pickModel, pollInterval, STATUS_TEXT } from './model-status';
import { CalibrationChart, CoefficientsChart, fmt3, ModelTiles, type Model } from './model-panels';

export function ChurnModelPage() {
  const { version } = churnModelRoute.useSearch();
  const navigate = churnModelRoute.useNavigate();
  const query = useQuery({
    queryKey: ['riskModels'],
    queryFn: () => gqlRequest(RiskModelsQuery),
    // A training runs in the background: watch it until it is ACTIVE or FAILED.
    refetchInterval: (q) => pollInterval(q.state.data?.riskModels),
  });
  const models = query.data?.riskModels ?? [];
  const shown = pickModel(models, version);
  return (
    <>
      <PageHeader title="Churn model" subtitle="How the churn risk is predicted, how well, and what drives it">
        <TrainForm />
      </PageHeader>
      <QueryState
        query={query}
        loadingRows={8}
        isEmpty={(d) => d.riskModels.length === 0}
        empty={
          <EmptyState title="No model trained yet">Train one: it learns from the book’s history of churn.</EmptyState>
        }
      >
        {() => (
          <div className="space-y-4" data-testid="churn-model-content">
            <Section title="Models">
              <DataTable<Model>
                caption="Every training run, newest first"
                csvName="risk-models"
                rows={models}
                rowKey={(m) => m.id}
                columns={[
                  { key: 'version', label: 'Version', value: (m) => m.version, numeric: true },
                  {
                    key: 'status',
                    label: 'Status',
                    value: (m) => m.status,
                    render: (m) => <span data-testid={`model-status-${m.version}`}>{STATUS_TEXT[m.status]}</span>,
                  },
                  { key: 'method', label: 'Method', value: (m) => (m.method ? humanize(m.method) : null) },
                  {
                    key: 'startedAt',
                    label: 'Started',
                    value: (m) => m.startedAt,
                    render: (m) => <DateTime value={m.startedAt} />,
                  },
                  { key: 'auc', label: 'AUC', value: (m) => m.auc, render: (m) => fmt3(m.auc), numeric: true },
                  { key: 'prAuc', label: 'PR AUC', value: (m) => m.prAuc, render: (m) => fmt3(m.prAuc), numeric: true },
                  { key: 'brier', label: 'Brier', value: (m) => m.brier, render: (m) => fmt3(m.brier), numeric: true },
                  {
                    key: 'brierSkill',
                    label: 'Brier skill',
                    value: (m) => m.brierSkill,
                    render: (m) => fmt3(m.brierSkill),
                    numeric: true,
                  },
                  {
                    key: 'churnEvents',
                    label: 'Churn events',
                    value: (m) => m.churnEvents,
                    render: (m) => formatInt(m.churnEvents),
                    numeric: true,
                  },
                  {
                    key: 'show',
                    label: 'Details',
                    sortable: false,
                    value: () => null,
                    render: (m) =>
                      m.id === shown?.id ? (
                        <span className="text-sm text-slate-600">Shown below</span>
                      ) : (
                        <button
                          type="button"
                          className="text-sm text-blue-800 underline"
                          onClick={() => void navigate({ search: { version: m.version } })}
                        >
                          Show version {m.version}
                        </button>
                      ),
                  },
                ]}
              />
            </Section>
            {shown && <ModelDetails m={shown} />}
          </div>
        )}
      </QueryState>
    </>
  );
}

function ModelDetails({ m }: { m: Model }) {
  return (
    <section aria-label={`Model version ${m.version}`} className="space-y-4">
      <h2 className="text-lg font-semibold text-slate-900">
        Version {m.version} · {STATUS_TEXT[m.status]}
        {m.method ? ` · ${humanize(m.method)}` : ''} · {m.horizonDays}-day horizon
      </h2>
      {m.status === 'TRAINING' && (
        <p role="status" className="text-sm text-slate-700">
          Training in the background; this page checks every 2 seconds and shows the result when it is done.
        </p>
      )}
      {(m.note || m.warnings.length > 0) && (
        <ul className="list-disc space-y-1 rounded-md bg-amber-50 px-6 py-2 text-sm text-amber-950">
          {m.note && <li>{m.note}</li>}
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {m.status !== 'TRAINING' && m.status !== 'FAILED' && (
        <>
          <ModelTiles m={m} />
          <p className="text-sm text-slate-600">
            Trained on {formatInt(m.trainingRows)} account-months ({formatInt(m.positives)} churned within the horizon,
            from {formatInt(m.churnEvents)} churn events).
          </p>
          <div className="space-y-4">
            <CalibrationChart bins={m.calibration} />
            {m.coefficients.length > 0 ? (
              <CoefficientsChart coefficients={m.coefficients} />
            ) : (
              <EmptyState title="No coefficients">
                A heuristic model (too few churn events to train) has none.
              </EmptyState>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function TrainForm() {
  const [horizon, setHorizon] = useState('90');
  const train = useApiMutation((horizonDays: number) => gqlRequest(TrainRiskModelMutation, { horizonDays }), {
    invalidate: [['riskModels']],
  });
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(horizon);
        train.mutate(Number.isInteger(n) ? n : -1);
      }}
    >
      <Field label="Horizon (days)" error={train.fieldErrors.horizonDays}>
        {(ids) => (
          <Input
            {...ids}
            className="w-24"
            inputMode="numeric"
            value={horizon}
            onChange={(e) => setHorizon(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" disabled={train.isPending}>
        {train.isPending ? 'Starting…' : 'Train a new model'}
      </Button>
      <FormError error={train.formError} />
    </form>
  );
}
