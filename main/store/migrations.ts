import init from './migrations/0001_init.sql?raw';
import model from './migrations/0002_model.sql?raw';
import diagram from './migrations/0003_diagram.sql?raw';

/** Store migrations in order; migration N brings the store to `PRAGMA user_version = N`. */
export const STORE_MIGRATIONS: readonly string[] = [init, model, diagram];

export const STORE_VERSION = STORE_MIGRATIONS.length;
