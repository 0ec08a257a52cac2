import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningClusterPort } from '../embedded-postgres.launcher';

describe('runningClusterPort', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vitals-pid-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = (pid: number, port: number) =>
    writeFileSync(join(dir, 'postmaster.pid'), `${pid}\n${dir}\n1764000000\n${port}\n${dir}\n127.0.0.1\n`);

  it('reads the port of a live server from postmaster.pid', () => {
    pidFile(process.pid, 54321);
    expect(runningClusterPort(dir)).toBe(54321);
  });

  it('ignores a stale file (the process is gone), a missing file and a garbled one', () => {
    pidFile(2 ** 22 + 12345, 54321); // above Linux's pid_max: no such process
    expect(runningClusterPort(dir)).toBeNull();
    rmSync(join(dir, 'postmaster.pid'));
    expect(runningClusterPort(dir)).toBeNull();
    writeFileSync(join(dir, 'postmaster.pid'), 'not a pid file');
    expect(runningClusterPort(dir)).toBeNull();
  });
});
