// The box each headless Chromium runs in: a network namespace of its own and a memory cap.
//
// Network: Chromium runs in a new network namespace (`unshare --net` as root, `unshare --user --map-root-user --net`
// otherwise) whose only interface is its own loopback. Nothing there reaches this machine's or any other network — not
// WebRTC's UDP, not a STUN server's name through the system resolver, not anything Chromium would send past its proxy
// settings. The one way out is a socket file: the egress proxy listens on `proxy.sock` in a private directory (mode
// 0700), and a small forwarder inside the namespace (Node, this server's own binary) relays 127.0.0.1:FORWARDER_PORT
// to it. The page's browser context uses that forwarder as its proxy; the launch-level proxy points at a port where
// nothing listens, so Chromium's own background traffic goes nowhere. Where no namespace can be made, the box cannot
// be opened and browser mode is refused: Chromium never runs without it.
//
// Memory: ./memory-cap.ts. The launcher joins the cgroup (where there is one) before anything else starts.
//
// The launcher is a shell script that Playwright starts as the browser's executable, with Chromium's arguments and the
// remote-debugging pipe on fds 3 and 4. It joins the cgroup, enters the namespace, brings its loopback up, starts the
// forwarder and waits until it listens, then execs Chromium: Chromium keeps the launcher's pid and process group, so
// Playwright's kill of the group ends the forwarder too, and the forwarder ends itself once Chromium is gone.

import 'server-only';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capMemory, removeLeftovers, type MemoryCap } from './memory-cap';

/** Where the forwarder listens inside the namespace (a fresh namespace: every port is free). */
export const FORWARDER_PORT = 8118;
/** The private directories: `<prefix><server pid>-<random>`. */
const BOX_PREFIX = 'link-doctor-browser-';
/** The launch-level proxy: nothing listens there inside the namespace. */
const DEAD_END_PROXY = 'http://127.0.0.1:9';

// Debian puts `ip` in /usr/sbin, which a normal user's PATH may lack.
const TOOL_PATH = [process.env.PATH, '/usr/sbin', '/sbin', '/usr/bin', '/bin'].filter(Boolean).join(':');

/** Runs inside the namespace: relays each connection to the egress proxy's socket; ends when its parent (Chromium) does. */
const FORWARDER = `'use strict';
const net = require('node:net');
const [port, socketPath] = process.argv.slice(2);
const parent = process.ppid;
net
  .createServer((client) => {
    const upstream = net.connect(socketPath);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\\n', () => process.stdout.destroy()));
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 250);
`;

/**
 * The launcher. Settings come in the environment (paths never pass through the shell's parsing). Chromium keeps only
 * the last --disable-features it is given, and Playwright passes its own list before ours: the launcher merges them.
 */
const LAUNCHER = `#!/bin/sh
if [ "$1" != --in-namespace ]; then
  echo $$ > "$LINK_DOCTOR_DIR/pid" || exit 1
  if [ -n "$LINK_DOCTOR_CGROUP_PROCS" ]; then
    echo $$ > "$LINK_DOCTOR_CGROUP_PROCS" || { echo "Link Doctor: cannot join the browser's memory cgroup" >&2; exit 1; }
  fi
  exec unshare $LINK_DOCTOR_UNSHARE -- "$0" --in-namespace "$@"
fi
shift
ip link set lo up || { echo "Link Doctor: cannot bring up the namespace's loopback" >&2; exit 1; }
ready_fifo="$LINK_DOCTOR_DIR/ready"
mkfifo "$ready_fifo" || exit 1
NODE_OPTIONS= "$LINK_DOCTOR_NODE" "$LINK_DOCTOR_DIR/forwarder.cjs" "$LINK_DOCTOR_FORWARDER_PORT" "$LINK_DOCTOR_DIR/proxy.sock" 0</dev/null 3<&- 4<&- >"$ready_fifo" &
read -r ready <"$ready_fifo"
rm -f "$ready_fifo"
[ "$ready" = listening ] || { echo "Link Doctor: the proxy forwarder did not start" >&2; exit 1; }
disabled=
for arg; do
  shift
  case "$arg" in
    --disable-features=*) disabled="$disabled\${disabled:+,}\${arg#--disable-features=}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec "$LINK_DOCTOR_CHROMIUM" "$@" \${disabled:+"--disable-features=$disabled"}
`;

export interface BrowserBox {
  /** Give Playwright this as the browser's executable … */
  executablePath: string;
  /** … with this environment. */
  env: NodeJS.ProcessEnv;
  /** The egress proxy must listen on this socket file. */
  proxySocketPath: string;
  /** The proxy of the page's browser context (the forwarder, inside the namespace). */
  contextProxy: string;
  /** The launch-level proxy: a dead end. */
  launchProxy: string;
  memory: MemoryCap;
  /** Removes the private directory and the cgroup. Call it once the browser has been closed. */
  close(): Promise<void>;
}

export interface BrowserBoxOptions {
  chromiumPath: string;
  memoryLimitBytes: number;
  /** TEST ONLY: cap memory with the watchdog even where a cgroup could be made. */
  memoryWatchdogOnly?: boolean;
  /** TEST ONLY: the unshare program (to see what happens where none works). */
  unshare?: string;
}

function run(file: string, args: string[]): Promise<{ ok: true } | { ok: false; why: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5_000, env: { ...process.env, PATH: TOOL_PATH } }, (error, _stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      const why = String(stderr).trim().split('\n')[0] || error.message.split('\n')[0] || 'failed';
      resolve({ ok: false, why: why.slice(0, 200) });
    });
  });
}

/**
 * The unshare options that give this process a network namespace with a working loopback: a plain one as root, one
 * inside a new user namespace otherwise (and as root where a plain one is not allowed, as in some containers).
 * @throws Error, in words for the user (one clause, shown inside a sentence), when none does.
 */
export async function namespaceOptions(unshare = 'unshare'): Promise<string[]> {
  const candidates = process.getuid?.() === 0 ? [['--net'], ['--user', '--map-root-user', '--net']] : [['--user', '--map-root-user', '--net']];
  const failures: string[] = [];
  for (const options of candidates) {
    const tried = await run(unshare, [...options, '--', 'ip', 'link', 'set', 'lo', 'up']);
    if (tried.ok) return options;
    failures.push(`unshare ${options.join(' ')}: ${tried.why}`);
  }
  throw new Error(
    `Link Doctor runs the headless browser in a network namespace of its own, so that it can reach nothing but Link Doctor's checking proxy, and could not create one here (${failures.join('; ')}). Browser mode needs unshare (util-linux) and ip (iproute2), and root or unprivileged user namespaces`,
  );
}

/**
 * Prepares the box for one browser run: checks that a network namespace can be made, writes the launcher and the
 * forwarder into a private directory, and sets up the memory cap.
 * @throws Error (a message for the user) when the browser cannot be boxed here.
 */
export async function openBrowserBox(options: BrowserBoxOptions): Promise<BrowserBox> {
  const unshareOptions = await namespaceOptions(options.unshare);
  // mkdtemp makes it 0700: only this server's user can reach the proxy's socket.
  await removeLeftovers(tmpdir(), BOX_PREFIX, (path) => rm(path, { recursive: true, force: true }));
  const dir = await mkdtemp(join(tmpdir(), `${BOX_PREFIX}${process.pid}-`));
  let memory: MemoryCap | undefined;
  try {
    const launcher = join(dir, 'launch-chromium');
    await writeFile(join(dir, 'forwarder.cjs'), FORWARDER, { mode: 0o600 });
    await writeFile(launcher, LAUNCHER, { mode: 0o700 });
    memory = await capMemory(options.memoryLimitBytes, { pidFile: join(dir, 'pid'), ...(options.memoryWatchdogOnly ? { watchdogOnly: true } : {}) });
    const cap = memory;
    return {
      executablePath: launcher,
      env: {
        ...process.env,
        PATH: TOOL_PATH,
        LINK_DOCTOR_DIR: dir,
        LINK_DOCTOR_CGROUP_PROCS: cap.joinFile ?? '',
        LINK_DOCTOR_UNSHARE: unshareOptions.join(' '),
        LINK_DOCTOR_NODE: process.execPath,
        LINK_DOCTOR_FORWARDER_PORT: String(FORWARDER_PORT),
        LINK_DOCTOR_CHROMIUM: options.chromiumPath,
      },
      proxySocketPath: join(dir, 'proxy.sock'),
      contextProxy: `http://127.0.0.1:${FORWARDER_PORT}`,
      launchProxy: DEAD_END_PROXY,
      memory: cap,
      async close() {
        await cap.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await memory?.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
