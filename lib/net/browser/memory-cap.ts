// The memory cap of one headless Chromium (see ./isolation.ts, which puts the browser under it).
//
// Preferred: a memory cgroup of its own, a child of the server's own cgroup (cgroup v1 `memory.limit_in_bytes`), or on
// cgroup v2 usually its sibling (`memory.max`; see cgroupHome). The browser's launcher joins it before Chromium starts, so every process Chromium forks is counted,
// and the kernel's OOM killer ends the page (its renderer) the moment the whole browser passes the cap; the cgroup's
// `oom_kill` count says that it happened, and its high-water mark what the browser used.
// Where no cgroup can be made (a developer's machine, the server running as a normal user), a watchdog reads the
// memory of the browser's processes (its process group) five times a second and, once they pass the cap, kills the
// largest (the page's renderer), as the OOM killer would.
// It is a fallback, not a bound: between two readings a page can allocate past the cap. Browser mode still runs there,
// because that is where developers try their own login pages; a public server should let it make a cgroup (root, or a
// delegated cgroup v2 subtree: see the README).

import 'server-only';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export const MB = 1024 * 1024;

export interface MemoryCap {
  kind: 'cgroup v1' | 'cgroup v2' | 'watchdog';
  limitBytes: number;
  /** The cgroup's `cgroup.procs`: the launcher writes its own pid there before it starts Chromium. Null for the watchdog. */
  joinFile: string | null;
  /** Whether the browser went over the cap and was stopped. */
  exceeded(): Promise<boolean>;
  /** The most memory the browser used, as far as known (a cgroup's high-water mark; the watchdog's highest reading). */
  peakBytes(): Promise<number | null>;
  /** Ends the watch and removes the cgroup (killing any process of the browser still in it). Read the results first. */
  close(): Promise<void>;
}

export interface MemoryCapOptions {
  /** Where the launcher writes its pid (the browser's process group), for the watchdog. */
  pidFile: string;
  /** TEST ONLY: use the watchdog even where a cgroup could be made. */
  watchdogOnly?: boolean;
  /** Where cgroup file systems are mounted. */
  cgroupRoot?: string;
}

const PREFIX = 'link-doctor-';
let created = 0;

/** A cap of `limitBytes` for one browser: a cgroup where one can be made, the watchdog otherwise. */
export async function capMemory(limitBytes: number, options: MemoryCapOptions): Promise<MemoryCap> {
  const cgroup = options.watchdogOnly ? null : await childCgroup(limitBytes, options.cgroupRoot ?? '/sys/fs/cgroup');
  return cgroup ?? watchdog(limitBytes, options.pidFile);
}

// ---- cgroups ---------------------------------------------------------------------------------------------------------

export interface OwnCgroup {
  version: 1 | 2;
  /** The directory of the server's own memory cgroup. */
  dir: string;
}

/**
 * The server's own memory cgroup, from /proc/self/cgroup: the v1 `memory` controller's line where that hierarchy is
 * mounted, else the v2 line (`0::/path`) where the unified hierarchy is.
 */
export function ownCgroup(procSelfCgroup: string, root: string, mounted: (path: string) => boolean): OwnCgroup | null {
  let v2: OwnCgroup | null = null;
  for (const line of procSelfCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    const [, controllers = '', path = '/'] = match;
    // Paths under /sys/fs/cgroup, read at run time: the bundler must not trace them (the comments tell it so).
    if (controllers.split(',').includes('memory') && mounted(join(/*turbopackIgnore: true*/ root, 'memory'))) {
      return { version: 1, dir: join(/*turbopackIgnore: true*/ root, 'memory', path) };
    }
    if (controllers === '' && mounted(join(/*turbopackIgnore: true*/ root, 'cgroup.controllers'))) v2 = { version: 2, dir: join(/*turbopackIgnore: true*/ root, path) };
  }
  return v2;
}

/** The `oom_kill` count of v1's memory.oom_control or v2's memory.events. */
export function oomKills(text: string): number {
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what servers that were killed before they could clean up left in `parent`: the entries named
 * `<prefix><pid>-…` whose server is gone.
 */
export async function removeLeftovers(parent: string, prefix: string, remove: (path: string) => Promise<unknown>): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) await remove(join(parent, name)).catch(() => {});
  }
}

/**
 * Where the browser's cgroup goes. v1: under the server's own. v2: a child gets memory files only from a parent that
 * hands the controller down, and a cgroup that holds processes (the server's own holds the server) cannot: the first
 * of the server's own and its parent that does, so usually next to the server's own.
 */
export async function cgroupHome(own: OwnCgroup, root: string): Promise<string | null> {
  if (own.version === 1) return own.dir;
  const dir = resolve(own.dir);
  for (const candidate of dir === resolve(root) ? [dir] : [dir, dirname(dir)]) {
    const control = await readText(join(candidate, 'cgroup.subtree_control'));
    if (control?.split(/\s+/).includes('memory')) return candidate;
  }
  return null;
}

async function childCgroup(limitBytes: number, root: string): Promise<MemoryCap | null> {
  const own = ownCgroup((await readText('/proc/self/cgroup')) ?? '', root, existsSync);
  const home = own && (await cgroupHome(own, root));
  if (!own || !home) return null;
  // A cgroup still in use cannot be removed.
  await removeLeftovers(home, PREFIX, rmdir);
  const dir = join(home, `${PREFIX}${process.pid}-${++created}`);
  try {
    await mkdir(dir);
  } catch {
    return null;
  }
  const files =
    own.version === 1
      ? { limit: 'memory.limit_in_bytes', swapLimit: 'memory.memsw.limit_in_bytes', swapValue: String(limitBytes), events: 'memory.oom_control', peak: 'memory.max_usage_in_bytes' }
      : { limit: 'memory.max', swapLimit: 'memory.swap.max', swapValue: '0', events: 'memory.events', peak: 'memory.peak' };
  try {
    await writeFile(join(dir, files.limit), String(limitBytes));
    // No swapping past the cap either, where the kernel accounts swap (the file is missing otherwise).
    await writeFile(join(dir, files.swapLimit), files.swapValue).catch(() => {});
  } catch {
    await rmdir(dir).catch(() => {});
    return null;
  }

  let final: { exceeded: boolean; peak: number | null } | null = null;
  const read = async () => {
    if (final) return final;
    const peak = Number((await readText(join(dir, files.peak)))?.trim());
    return { exceeded: oomKills((await readText(join(dir, files.events))) ?? '') > 0, peak: Number.isFinite(peak) && peak > 0 ? peak : null };
  };
  return {
    kind: own.version === 1 ? 'cgroup v1' : 'cgroup v2',
    limitBytes,
    joinFile: join(dir, 'cgroup.procs'),
    exceeded: async () => (await read()).exceeded,
    peakBytes: async () => (await read()).peak,
    async close() {
      final = await read();
      // The browser has been closed; anything of it still in the cgroup (a crash handler on its way out) is ended.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await rmdir(dir);
          return;
        } catch {
          for (const pid of ((await readText(join(dir, 'cgroup.procs'))) ?? '').split('\n').filter(Boolean)) {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              // gone already
            }
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      // Still busy: removeLeftovers takes it away once this server has ended.
    },
  };
}

// ---- watchdog --------------------------------------------------------------------------------------------------------

const WATCH_INTERVAL_MS = 200;

/** The processes of a process group, each with the memory it holds privately (anonymous and shared-memory pages). */
async function processGroupMemory(pgid: number): Promise<Array<{ pid: number; bytes: number }>> {
  const members: Array<{ pid: number; bytes: number }> = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readText(`/proc/${name}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so count from the last ')'.
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp !== pgid) continue;
    const status = (await readText(`/proc/${name}/status`)) ?? '';
    let kilobytes = 0;
    for (const field of ['RssAnon', 'RssShmem']) kilobytes += Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0);
    members.push({ pid: Number(name), bytes: kilobytes * 1024 });
  }
  return members;
}

function watchdog(limitBytes: number, pidFile: string): MemoryCap {
  let pgid: number | null = null;
  let peak: number | null = null;
  let over = false;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      if (pgid === null) {
        const pid = Number((await readText(pidFile))?.trim());
        if (Number.isInteger(pid) && pid > 1) pgid = pid;
      }
      if (pgid === null) return;
      const members = await processGroupMemory(pgid);
      const used = members.reduce((sum, m) => sum + m.bytes, 0);
      peak = Math.max(peak ?? 0, used);
      if (used > limitBytes) {
        // As the kernel's OOM killer would: the largest process goes, which is the page's renderer. (Killing the
        // whole browser under Playwright's feet can leave it an event about a response it has already let go of,
        // which it throws where nothing can catch it.)
        over = true;
        const largest = members.reduce((a, b) => (b.bytes > a.bytes ? b : a));
        try {
          process.kill(largest.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    })().finally(() => {
      busy = false;
    });
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    kind: 'watchdog',
    limitBytes,
    joinFile: null,
    exceeded: async () => over,
    peakBytes: async () => peak,
    async close() {
      clearInterval(timer);
    },
  };
}

