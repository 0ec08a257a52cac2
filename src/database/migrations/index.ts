import { Foundation1764000000000 } from './1764000000000-Foundation';
import { AuditLog1764000100000 } from './1764000100000-AuditLog';

/** Every migration, in order. New migrations are appended here (and generated into this folder). */
export const MIGRATIONS = [Foundation1764000000000, AuditLog1764000100000];
