import type { MeasureMetric } from '@/gql/graphql';
import { Field, Input } from '@/components/ui/input';
import { Button } from '@/components/ui/button';
import { humanize } from '@/lib/format';
import { emptyMeasure, METRICS, type MeasureDraft, type ScorecardDraft } from './scorecard-form';

const cell = 'px-2 py-2 align-top';
const nativeSelect =
  'block h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600';

/** The scorecard form: thresholds, coverage and every measure; `errors` (API or local) show beside their field. */
export function ScorecardEditor({
  draft,
  onChange,
  errors,
  isDefault,
}: {
  draft: ScorecardDraft;
  onChange: (d: ScorecardDraft) => void;
  errors: Record<string, string>;
  isDefault: boolean;
}) {
  const set = (patch: Partial<ScorecardDraft>) => onChange({ ...draft, ...patch });
  const setMeasure = (i: number, patch: Partial<MeasureDraft>) =>
    set({ measures: draft.measures.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const totalWeight = draft.measures.reduce((s, m) => s + (Number(m.weight) || 0), 0);
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Field label="Name" error={errors.name} className="lg:col-span-2">
          {(ids) => <Input {...ids} value={draft.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field
          label="Segment"
          error={errors.segment}
          hint={isDefault ? 'The default scorecard has no segment' : undefined}
        >
          {(ids) => (
            <Input
              {...ids}
              value={draft.segment}
              disabled={isDefault}
              onChange={(e) => set({ segment: e.target.value })}
            />
          )}
        </Field>
        <Field label="Red below" error={errors.redBelow} hint="A score under this is RED">
          {(ids) => (
            <Input
              {...ids}
              inputMode="decimal"
              value={draft.redBelow}
              onChange={(e) => set({ redBelow: e.target.value })}
            />
          )}
        </Field>
        <Field label="Green at or above" error={errors.greenAtOrAbove} hint="At or over this is GREEN">
          {(ids) => (
            <Input
              {...ids}
              inputMode="decimal"
              value={draft.greenAtOrAbove}
              onChange={(e) => set({ greenAtOrAbove: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="Minimum coverage"
          error={errors.minCoverage}
          hint="Share of weight with data (0–1) needed to score"
        >
          {(ids) => (
            <Input
              {...ids}
              inputMode="decimal"
              value={draft.minCoverage}
              onChange={(e) => set({ minCoverage: e.target.value })}
            />
          )}
        </Field>
      </div>
      {errors.measures && (
        <p role="alert" className="text-sm text-red-700">
          Measures: {errors.measures}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Measures of the scorecard</caption>
          <thead className="text-left text-xs text-slate-600 uppercase">
            <tr>
              <th className={cell}>Label and key</th>
              <th className={cell}>Metric</th>
              <th className={cell}>Signal type</th>
              <th className={cell}>Window (days)</th>
              <th className={cell}>Weight</th>
              <th className={cell}>Scale (value:score, …)</th>
              <th className={cell}>
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.measures.map((m, i) => {
              const f = (name: string) =>
                errors[`measures[${i}].${name}`] ??
                (name === 'points' ? errors[`measures[${i}].points[0]`] : undefined);
              const pointError = Object.entries(errors).find(([k]) => k.startsWith(`measures[${i}].points[`))?.[1];
              const name = m.label || m.key;
              return (
                <tr key={i} className="border-t border-slate-200">
                  <td className={cell}>
                    <Field label={`Label of measure ${i + 1}`} error={f('label')} className="[&>label]:sr-only">
                      {(ids) => (
                        <Input
                          {...ids}
                          className="min-w-48"
                          value={m.label}
                          onChange={(e) => setMeasure(i, { label: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field label={`Key of ${name}`} error={f('key')} className="mt-1 [&>label]:sr-only">
                      {(ids) => (
                        <Input
                          {...ids}
                          className="h-7 font-mono text-xs"
                          value={m.key}
                          onChange={(e) => setMeasure(i, { key: e.target.value })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Field label={`Metric of ${name}`} error={f('metric')} className="[&>label]:sr-only">
                      {(ids) => (
                        <select
                          {...ids}
                          className={nativeSelect}
                          value={m.metric}
                          onChange={(e) => setMeasure(i, { metric: e.target.value as MeasureMetric })}
                        >
                          {METRICS.map((k) => (
                            <option key={k} value={k}>
                              {humanize(k)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Field label={`Signal type of ${name}`} error={f('signalType')} className="[&>label]:sr-only">
                      {(ids) => (
                        <Input
                          {...ids}
                          className="w-28"
                          value={m.signalType}
                          placeholder="any"
                          onChange={(e) => setMeasure(i, { signalType: e.target.value })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Field label={`Window of ${name}`} error={f('windowDays')} className="[&>label]:sr-only">
                      {(ids) => (
                        <Input
                          {...ids}
                          className="w-20"
                          inputMode="numeric"
                          value={m.windowDays}
                          onChange={(e) => setMeasure(i, { windowDays: e.target.value })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Field
                      label={`Weight of ${name}`}
                      error={f('weight')}
                      hint={
                        totalWeight > 0 && Number(m.weight) > 0
                          ? `${Math.round((100 * Number(m.weight)) / totalWeight)} % of the score`
                          : undefined
                      }
                      className="[&>label]:sr-only"
                    >
                      {(ids) => (
                        <Input
                          {...ids}
                          className="w-20"
                          inputMode="decimal"
                          value={m.weight}
                          onChange={(e) => setMeasure(i, { weight: e.target.value })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Field label={`Scale of ${name}`} error={f('points') ?? pointError} className="[&>label]:sr-only">
                      {(ids) => (
                        <Input
                          {...ids}
                          className="min-w-56"
                          value={m.points}
                          onChange={(e) => setMeasure(i, { points: e.target.value })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className={cell}>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove ${name}`}
                      onClick={() => set({ measures: draft.measures.filter((_, j) => j !== i) })}
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => set({ measures: [...draft.measures, emptyMeasure(draft.measures.length + 1)] })}
      >
        Add a measure
      </Button>
    </div>
  );
}
