import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/** Liveness and database readiness; open to everyone, no key needed. */
@Controller()
export class HealthzController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('healthz')
  async healthz(@Res() res: Response): Promise<void> {
    const up = await Promise.race([
      this.db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
    ]);
    res
      .status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' });
  }
}
