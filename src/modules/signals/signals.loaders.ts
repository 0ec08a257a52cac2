import { Injectable, OnModuleInit } from '@nestjs/common';
import { Connection, toConnection } from '../../common/pagination/connection';
import { DataLoaderFactory, groupByKeys } from '../../common/loaders/data-loader.factory';
import { DailyUsageRow, SignalPageArgs, SignalRow, SignalsService } from './signals.service';

export const USAGE_BY_ACCOUNT = 'signalUsageByAccount';
export const SIGNALS_BY_ACCOUNT = 'signalPageByAccount';

/** Key of the usage loader: `${accountId}|${days}`. */
export const usageKey = (accountId: string, days: number) => `${accountId}|${days}`;
/** Key of the signals loader: JSON of [accountId, page args]. */
export const signalsKey = (accountId: string, args: SignalPageArgs) => JSON.stringify([accountId, args]);

/** Batches account.usage and account.signals over all accounts of a request (one query per distinct arguments). */
@Injectable()
export class SignalsLoaders implements OnModuleInit {
  constructor(
    private readonly factory: DataLoaderFactory,
    private readonly signals: SignalsService,
  ) {}

  onModuleInit(): void {
    this.factory.register<string, DailyUsageRow[]>(USAGE_BY_ACCOUNT, async (keys) => {
      const byDays = new Map<number, string[]>();
      for (const k of keys) {
        const [id, days] = k.split('|');
        const list = byDays.get(Number(days)) ?? [];
        list.push(id);
        byDays.set(Number(days), list);
      }
      const results = new Map<string, DailyUsageRow[]>();
      for (const [days, ids] of byDays) {
        const rows = await this.signals.usageFor(ids, days);
        groupByKeys(ids, rows, (r) => r.accountId).forEach((list, i) => results.set(usageKey(ids[i], days), list));
      }
      return keys.map((k) => results.get(k) ?? []);
    });

    this.factory.register<string, Connection<SignalRow>>(SIGNALS_BY_ACCOUNT, async (keys) => {
      const groups = new Map<string, { args: SignalPageArgs; ids: string[] }>();
      for (const k of keys) {
        const [id, args] = JSON.parse(k) as [string, SignalPageArgs];
        const g = groups.get(JSON.stringify(args)) ?? { args, ids: [] };
        g.ids.push(id);
        groups.set(JSON.stringify(args), g);
      }
      const results = new Map<string, Connection<SignalRow>>();
      for (const { args, ids } of groups.values()) {
        const { rows, totals } = await this.signals.pagesFor(ids, args);
        groupByKeys(ids, rows, (r) => r.accountId).forEach((list, i) =>
          results.set(
            signalsKey(ids[i], args),
            toConnection(list, args.first, (s) => [s.occurredAt.toISOString(), s.id], totals.get(ids[i]) ?? 0),
          ),
        );
      }
      return keys.map((k) => results.get(k)!);
    });
  }
}
