import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataLoaderFactory, groupByKeys } from '../../common/loaders/data-loader.factory';
import { accountSummaryLines } from '../../core/workspace/account-summary';
import { AccountSeriesService, HealthTrendRow, UsageByTypeRow } from './account-series.service';

export const HEALTH_TREND = 'workspaceHealthTrend';
export const USAGE_BY_TYPE = 'workspaceUsageByType';
export const ACCOUNT_SUMMARY = 'workspaceAccountSummary';

/** Key of a loader taking an account and a number of days. */
export const daysKey = (accountId: string, days: number) => `${accountId}|${days}`;

/** Splits `${id}|${days}` keys into one batch per distinct `days`, runs `load` once per batch, answers each key. */
async function byDays<T extends { accountId: string }>(
  keys: readonly string[],
  load: (ids: string[], days: number) => Promise<T[]>,
): Promise<T[][]> {
  const groups = new Map<number, string[]>();
  for (const k of keys) {
    const [id, days] = k.split('|');
    const list = groups.get(Number(days)) ?? [];
    list.push(id);
    groups.set(Number(days), list);
  }
  const results = new Map<string, T[]>();
  for (const [days, ids] of groups) {
    const rows = await load(ids, days);
    groupByKeys(ids, rows, (r) => r.accountId).forEach((list, i) => results.set(daysKey(ids[i], days), list));
  }
  return keys.map((k) => results.get(k) ?? []);
}

/** Per-request batching of the account-page series: a list of 50 accounts with sparklines is one query. */
@Injectable()
export class WorkspaceLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly series: AccountSeriesService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, HealthTrendRow[]>(HEALTH_TREND, (keys) =>
      byDays(keys, (ids, days) => this.series.healthTrendFor(ids, days)),
    );
    this.factory.register<string, UsageByTypeRow[]>(USAGE_BY_TYPE, (keys) =>
      byDays(keys, (ids, days) => this.series.usageByTypeFor(ids, days)),
    );
    this.factory.register<string, [string, string, string] | null>(ACCOUNT_SUMMARY, async (ids) => {
      const inputs = await this.series.summaryInputsFor(ids);
      return ids.map((id) => {
        const x = inputs.get(id);
        return x ? accountSummaryLines(x) : null;
      });
    });
  }
}
