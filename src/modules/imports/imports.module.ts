import { Module } from '@nestjs/common';
import { AccountImportService } from './account-import.service';

@Module({ providers: [AccountImportService], exports: [AccountImportService] })
export class ImportsModule {}
