import { parseArgs, withApp } from '../cli-context';
import { UsersService } from '../../modules/users/users.service';
import { PasswordLinksService } from '../../modules/auth/password-links.service';

/**
 * `npm run cli -- password-link --email EMAIL`: a one-time set-password link (valid 7 days) for an existing user,
 * printed as JSON — the way back in when the only admin lost their password or their setup link. Earlier links
 * of that user stop working. Links start with PUBLIC_URL, or http://localhost:PORT.
 */
export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args);
  const email = typeof flags.email === 'string' ? flags.email.trim() : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('--email must be an email address');
  return withApp(async (app, config) => {
    const user = await app.get(UsersService).findByEmail(email);
    if (!user) throw new Error(`No user with email ${email}`);
    const link = await app
      .get(PasswordLinksService)
      .resetLink(user.id, null, config.PUBLIC_URL ?? `http://localhost:${config.PORT}`);
    process.stdout.write(
      `${JSON.stringify({ userId: user.id, email: user.email, url: link.url, expiresAt: link.expiresAt.toISOString() })}\n`,
    );
    return 0;
  });
}
