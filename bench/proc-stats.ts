/**
 * Process figures for the benchmarks, read from Linux's /proc: resident memory and CPU time. CPU time is what
 * the work costs whatever else the (virtual) machine does; wall-clock rates move with steal time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used, and with `withChildren` also its exited, waited-for children. */
export function cpuSeconds(pid: number, withChildren = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state) of proc(5)
  const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU seconds used so far by an embedded PostgreSQL whose cluster directory is `clusterDir`: the postmaster, its
 * live processes and its exited backends.
 */
export function postgresCpuSeconds(clusterDir: string): number {
  const postmaster = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        total += cpuSeconds(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}
