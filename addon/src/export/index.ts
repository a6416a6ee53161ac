/**
 * InfluxDB export (issue 7 §4): readings, plans and decisions as line protocol, spooled on disk
 * and sent in batches to InfluxDB 1.x (`/write`) or 2.x (official client).
 */
export { createInfluxExporter, writerFor, SPOOL_FILE, type InfluxExporter, type InfluxExporterOptions, type ExporterStats, type FlushResult } from "./exporter.js";
export { readingPoints, planPoints, commandPoint, decisionPoints, MEASUREMENTS, type DecisionOutcome, type SentCommandCall } from "./mapping.js";
export { toLine, escapeKey, escapeMeasurement, quoteString, type ExportPoint, type FieldValue } from "./line-protocol.js";
export { openSpool, type Spool, type SpoolBatch, type SpoolStats } from "./spool.js";
export { createV1Writer, type V1WriterOptions } from "./v1-writer.js";
export { createV2Writer, type V2WriterOptions } from "./v2-writer.js";
export type { InfluxWriter, WriteOutcome, FailureCause } from "./writer.js";
export { createSiteExport, readingThinner, type SiteExport } from "./site-export.js";
