import init from './migrations/0001_init.sql?raw';
import model from './migrations/0002_model.sql?raw';

/** Store migrations in order; migration N brings the store to `PRAGMA user_version = N`. */
export const STORE_MIGRATIONS: readonly string[] = [init, model];

export const STORE_VERSION = STORE_MIGRATIONS.length;
