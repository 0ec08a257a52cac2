import { parseArgs, withApp } from '../cli-context';
import { UsersService } from '../../modules/users/users.service';
import { Role } from '../../common/auth/role.enum';

/** `npm run cli -- create-key --role ROLE --email EMAIL [--name NAME]`: finds or creates the user, prints a new key. */
export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args);
  const role = String(flags.role ?? '').toUpperCase();
  const email = typeof flags.email === 'string' ? flags.email.trim() : '';
  if (!Object.values(Role).includes(role as Role))
    throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('--email must be an email address');
  return withApp(async (app) => {
    const users = app.get(UsersService);
    const user = await users.findOrCreate(email, role as Role, typeof flags.name === 'string' ? flags.name : undefined);
    if (user.role !== (role as Role)) {
      process.stderr.write(`User ${email} already exists with role ${user.role}; issuing a key for that role.\n`);
    }
    const { id, key } = await users.issueApiKey(user.id);
    process.stdout.write(
      `${JSON.stringify({ userId: user.id, email: user.email, role: user.role, apiKeyId: id, apiKey: key })}\n`,
    );
    return 0;
  });
}
