/** SQLite history store (issue 2): samples, rollups, retention, plan runs, settings. */
export { openHistoryStore, type HistoryStore, type StoreStats } from "./history-store.js";
export type { FlushResult } from "./sample-writer.js";
export type { MaintainResult } from "./maintenance.js";
export { STORE_DEFAULTS, MS_PER_DAY, type HistoryStoreOptions } from "./options.js";
export { SchemaTooNewError, MIGRATIONS, type Migration } from "./migrations.js";
