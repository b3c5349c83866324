import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSegment } from './wal-names.js';

export interface ArchiveShortfall {
  /** The segment the recovered server writes in: where the replay ended, on its new timeline. */
  reachedSegment: string;
  /** The archive's last segment on the timeline recovery followed. */
  archiveEnd: string;
  /** The first segment between the two that the archive lacks, if any (else one is damaged). */
  firstMissing?: string;
}

/**
 * Whether a recovery to the latest target replayed the whole archive. PostgreSQL ends such a
 * recovery at the first segment restore_command cannot deliver (or whose records fail their
 * checks) and promotes without a word, so a hole in the middle would silently drop everything
 * after it. The promoted server writes on the archive's newest timeline plus one, from where the
 * replay ended; the archive's segments on that newest timeline must not go further. Segments of
 * older timelines beyond their switch point were abandoned by an earlier restore and never
 * count. Returns undefined when the replay reached the archive's end.
 */
export async function archiveShortfall(
  walDir: string,
  currentWalFile: string,
  segmentBytes: number,
): Promise<ArchiveShortfall | undefined> {
  const promotedTimeline = Number.parseInt(currentWalFile.slice(0, 8), 16);
  const followed = hex8(promotedTimeline - 1);
  const reached = positionOf(currentWalFile, segmentBytes);
  const ownerOf = await timelineOwners(walDir, followed, segmentBytes);
  const archived = new Set<string>();
  let end = -1;
  for (const name of await fs.readdir(walDir).catch(() => [] as string[])) {
    const segment = parseSegment(name);
    if (!segment) continue;
    const position = positionOf(name, segmentBytes);
    if (segment.timeline !== ownerOf(position)) continue;
    archived.add(segment.timeline + segment.position);
    if (segment.timeline === followed) end = Math.max(end, position);
  }
  if (end <= reached) return undefined;
  let firstMissing: string | undefined;
  for (let position = reached; position <= end && !firstMissing; position++) {
    const name = segmentName(ownerOf(position), position, segmentBytes);
    if (!archived.has(name)) firstMissing = name;
  }
  return {
    reachedSegment: currentWalFile,
    archiveEnd: segmentName(followed, end, segmentBytes),
    firstMissing,
  };
}

/**
 * Which timeline's file the replay reads at each position: the followed timeline from its start
 * on, its ancestors before (its `.history` file says where each ended). A timeline's first
 * segment is the one holding its switch point, as PostgreSQL reads it.
 */
async function timelineOwners(
  walDir: string,
  timeline: string,
  segmentBytes: number,
): Promise<(position: number) => string> {
  const history = await fs
    .readFile(path.join(walDir, `${timeline}.history`), 'utf8')
    .catch(() => '');
  const ancestors = history
    .split('\n')
    .map((line) => /^\s*(\d+)\s+([0-9A-F]+)\/([0-9A-F]+)/i.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({
      timeline: hex8(Number(match[1])),
      endsBefore: Math.floor(
        (Number.parseInt(match[2]!, 16) * 2 ** 32 + Number.parseInt(match[3]!, 16)) / segmentBytes,
      ),
    }));
  return (position) =>
    ancestors.find((ancestor) => position < ancestor.endsBefore)?.timeline ?? timeline;
}

/** A segment's number in the WAL: its log part counts 2^32 bytes, its segment part the rest. */
function positionOf(name: string, segmentBytes: number): number {
  const log = Number.parseInt(name.slice(8, 16), 16);
  const segment = Number.parseInt(name.slice(16, 24), 16);
  return log * (2 ** 32 / segmentBytes) + segment;
}

function segmentName(timeline: string, position: number, segmentBytes: number): string {
  const perLog = 2 ** 32 / segmentBytes;
  return timeline + hex8(Math.floor(position / perLog)) + hex8(position % perLog);
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}
