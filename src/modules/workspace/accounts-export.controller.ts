import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerToken } from '../../common/auth/api-key.util';
import { Principal } from '../../common/auth/principal';
import { Role } from '../../common/auth/role.enum';
import { hasSessionCookie, SESSION_ENDED, sessionToken } from '../../common/auth/session-cookie';
import { AppError } from '../../common/errors/app-error';
import { SessionsService } from '../auth/sessions.service';
import { UsersService } from '../users/users.service';
import { AccountsExportService } from './accounts-export.service';
import { readExportQuery } from './accounts-export.query';

const READERS: ReadonlySet<Role> = new Set([Role.ADMIN, Role.MANAGER, Role.CSM]);

/**
 * `GET /export/accounts.csv?<the accounts list's filters>&orderBy=…`: the filtered list as CSV, all pages,
 * streamed. Authenticated like /graphql (a Bearer key, else the session cookie); a CSM exports their book only.
 * Errors before the first byte are JSON with an HTTP status; a failure mid-stream cuts the response short.
 */
@Controller('export')
export class AccountsExportController {
  private readonly logger = new Logger('AccountsExport');

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly exporter: AccountsExportService,
  ) {}

  @Get('accounts.csv')
  async accountsCsv(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const p = await this.principal(req);
    const { filter, orderBy } = await readExportQuery(query);
    const first = await this.exporter.firstPage(p, filter, orderBy);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader(
      'content-disposition',
      `attachment; filename="accounts-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    res.setHeader('cache-control', 'no-store');
    try {
      await this.exporter.write(p, filter, orderBy, first, res);
    } catch (err) {
      this.logger.warn(`CSV export cut short: ${(err as Error).message}`);
      res.destroy(err as Error);
    }
  }

  private async principal(req: Request): Promise<Principal> {
    const token = bearerToken(req.headers.authorization);
    const cookie = token ? null : sessionToken(req);
    const p = token ? await this.users.authenticate(token) : cookie ? await this.sessions.authenticate(cookie) : null;
    if (!p) {
      throw AppError.unauthenticated(
        token ? 'Unknown or revoked API key' : cookie || hasSessionCookie(req) ? SESSION_ENDED : undefined,
      );
    }
    if (!READERS.has(p.role)) throw AppError.forbidden(`Exporting accounts needs the role ADMIN, MANAGER or CSM`);
    return p;
  }
}
