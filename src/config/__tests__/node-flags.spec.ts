import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '../node-flags';

const ROOT = join(__dirname, '..', '..', '..');

describe('SERVICE_NODE_FLAGS', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it.each(['start', 'start:prod'])('package.json "%s" starts node with them', (script) => {
    const cmd = pkg.scripts[script];
    expect(cmd.startsWith('node ')).toBe(true);
    for (const flag of SERVICE_NODE_FLAGS) expect(cmd.split(' ')).toContain(flag);
  });

  it('the Dockerfile starts node with them', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(cmd).not.toBeNull();
    const argv = JSON.parse(cmd![1]) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.slice(1, 1 + SERVICE_NODE_FLAGS.length)).toEqual([...SERVICE_NODE_FLAGS]);
  });
});
