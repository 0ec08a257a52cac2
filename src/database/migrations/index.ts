import { Foundation1764000000000 } from './1764000000000-Foundation';

/** Every migration, in order. New migrations are appended here (and generated into this folder). */
export const MIGRATIONS = [Foundation1764000000000];
