/**
 * The names in the WAL archive, as basic_archive writes them and compressArchivedWal renames
 * them: `<segment>` (24 hex digits: timeline, log, segment), `<segment>.gz`, a timeline's
 * `<timeline>.history` and a base backup's `<segment>.<offset>.backup`. Within a timeline the
 * names sort by position in the WAL, and a later timeline's after an earlier one's.
 */
const ARCHIVED = /^(?:[0-9A-F]{24}(?:\.gz|\.[0-9A-F]{8}\.backup)?|[0-9A-F]{8}\.history)$/;
const SEGMENT_PREFIX = /^[0-9A-F]{24}/;
const PLAIN_SEGMENT = /^[0-9A-F]{24}$/;
/** A segment itself, plain or gzipped: timeline, then position (log and segment). */
const SEGMENT = /^([0-9A-F]{8})([0-9A-F]{16})(?:\.gz)?$/;

/** A complete file of the archive (not a temporary one still being written). */
export function isArchivedName(name: string): boolean {
  return ARCHIVED.test(name);
}

/** A segment as archived, not yet gzipped. */
export function isPlainSegment(name: string): boolean {
  return PLAIN_SEGMENT.test(name);
}

/** A segment's timeline and position (both hex), plain or gzipped; undefined for other files. */
export function parseSegment(name: string): { timeline: string; position: string } | undefined {
  const match = SEGMENT.exec(name);
  return match ? { timeline: match[1]!, position: match[2]! } : undefined;
}

/**
 * Whether no base backup starting at `oldestNeeded` (a segment name) can use this file: a
 * segment (or backup label) before it. Timeline histories are always kept.
 */
export function isOlderThanNeeded(name: string, oldestNeeded: string): boolean {
  const segment = SEGMENT_PREFIX.exec(name)?.[0];
  return segment !== undefined && !name.endsWith('.history') && segment < oldestNeeded;
}
