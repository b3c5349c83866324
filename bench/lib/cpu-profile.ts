import fs from 'node:fs/promises';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  file: string;
  /** Wall time covered, and time the thread was busy (not idle), in milliseconds. */
  profiledMs: number;
  busyMs: number;
  /** Busy time by where the code lives: a package of node_modules, src/…, node internals, GC. */
  byPlace: { place: string; selfMs: number; share: number }[];
  /** The functions with the most time in themselves. */
  topSelf: { function: string; selfMs: number; share: number }[];
  /** The app's own functions (src/) with the most time in them and what they call. */
  topInclusiveInApp: { function: string; totalMs: number; share: number }[];
}

/**
 * Where a process's main thread spent its time, from the newest `.cpuprofile` in a folder: by
 * package, by function (self time), and the app's own functions with their callees.
 */
export async function summarizeCpuProfile(dir: string): Promise<CpuProfileSummary | undefined> {
  const all = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) =>
    name.endsWith('.cpuprofile'),
  );
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx's
  // loader runs in another).
  const mainThread = all.filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  const files = mainThread.length ? mainThread : all;
  if (!files.length) return undefined;
  const stats = await Promise.all(
    files.map(async (name) => ({ name, mtime: (await fs.stat(path.join(dir, name))).mtimeMs })),
  );
  const newest = stats.sort((a, b) => b.mtime - a.mtime)[0]!.name;
  const file = path.join(dir, newest);
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });

  const label = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  const place = (id: number) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : '(native)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1]!;
    if (url.startsWith('node:')) return 'node internals';
    const app = /\/(src|dist)\/(.+)$/.exec(url);
    if (app) return `app: ${app[2]!.replace(/\/[^/]+$/, '')}`;
    return shortUrl(url);
  };

  let busy = 0;
  const places = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalInApp = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') continue;
    busy += us;
    places.set(place(id), (places.get(place(id)) ?? 0) + us);
    selfByFunction.set(label(id), (selfByFunction.get(label(id)) ?? 0) + us);
    // Charge the sample to every app function on its stack, once each.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (!/\/(src|dist)\//.test(url) || url.includes('node_modules')) continue;
      const key = label(at);
      if (seen.has(key)) continue;
      seen.add(key);
      totalInApp.set(key, (totalInApp.get(key) ?? 0) + us);
    }
  }
  const share = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const top = (map: Map<string, number>, count: number) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  return {
    file,
    profiledMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busy / 1000),
    byPlace: top(places, 15).map(([name, us]) => ({
      place: name,
      selfMs: Math.round(us / 1000),
      share: share(us),
    })),
    topSelf: top(selfByFunction, 25).map(([name, us]) => ({
      function: name,
      selfMs: Math.round(us / 1000),
      share: share(us),
    })),
    topInclusiveInApp: top(totalInApp, 25).map(([name, us]) => ({
      function: name,
      totalMs: Math.round(us / 1000),
      share: share(us),
    })),
  };
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(src|dist)\//, '$1/');
}
