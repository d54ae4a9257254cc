// Test harness for the SDK conformance suite: one fresh Strata server per test file.
//
//   import { useServer } from './lib/server.mjs';
//   const srv = useServer();            // registers before/after hooks for this file
//   it('...', async () => { const pb = await srv.admin(); ... });
//
// Environment:
//   STRATA_BIN          path of the strata program (default: the Release build in this repo)
//   STRATA_TEST_ENGINE  sqlite (default) | postgres
//   STRATA_TEST_PG      Npgsql keyword string of a PostgreSQL superuser connection (postgres engine);
//                       a fresh database is created per server and dropped afterwards
//   STRATA_SDK_LOG_DIR  if set, each server's output is kept there as <file>.<engine>.log
//   STRATA_START_TIMEOUT_MS  how long to wait for /api/health (default 30000)
//   STRATA_SDK_REQUEST_TIMEOUT_MS  per-request timeout for fetch and the SDK (default 15000)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import PocketBase from 'pocketbase';

// Every request without its own abort signal gets a timeout, so a server that accepts a
// connection and never answers fails the test instead of hanging the suite.
const REQUEST_TIMEOUT_MS = Number(process.env.STRATA_SDK_REQUEST_TIMEOUT_MS || 15000);
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => (init && init.signal
  ? realFetch(input, init)
  : realFetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

export const SUPERUSER_EMAIL = 'root@strata.test';
export const SUPERUSER_PASSWORD = 'root-password-1234';

export function engine() {
  return (process.env.STRATA_TEST_ENGINE || 'sqlite').toLowerCase();
}

export function strataBin() {
  if (process.env.STRATA_BIN) return process.env.STRATA_BIN;
  const apphost = path.join(repoRoot, 'src/Strata/bin/Release/net10.0/strata');
  return apphost;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Parses an Npgsql keyword connection string (`Host=…;Port=…;Username=…`) into a lower-cased map. */
export function parseNpgsql(conn) {
  const out = {};
  for (const part of conn.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim().toLowerCase().replace(/\s+/g, ' ');
    out[key] = part.slice(i + 1).trim();
  }
  return out;
}

function npgsqlToPsqlArgs(conn) {
  const kv = parseNpgsql(conn);
  const args = [];
  const host = kv.host || kv.server || '127.0.0.1';
  args.push('-h', host);
  if (kv.port) args.push('-p', kv.port);
  const user = kv.username || kv['user id'] || kv.user || kv.userid || 'postgres';
  args.push('-U', user);
  const env = { ...process.env };
  const pw = kv.password || kv.pwd;
  if (pw) env.PGPASSWORD = pw;
  return { args, env, kv };
}

function psql(conn, db, sql) {
  const { args, env } = npgsqlToPsqlArgs(conn);
  const r = spawnSync('psql', [...args, '-d', db, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-c', sql], {
    env,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function withDatabase(conn, db) {
  const parts = conn.split(';').filter((p) => p.trim() !== '' && !/^\s*database\s*=/i.test(p));
  parts.push(`Database=${db}`);
  return parts.join(';');
}

function randomSuffix() {
  return Math.random().toString(36).slice(2, 10);
}

async function waitHealthy(url, proc, timeoutMs, exited) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (exited.value) throw new Error(`strata exited with ${exited.value} before becoming healthy`);
    try {
      const res = await fetch(url + '/api/health', { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.status === 200) return;
      last = `${res.status} ${body.slice(0, 200)}`;
    } catch (e) {
      last = String(e?.cause?.code || e?.message || e);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`strata did not become healthy within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Starts a fresh Strata server (or, with `joinDatabase` on PostgreSQL, a second node on an existing server's
 * database). Returns {url, dataDir, database, stop(), logTail()}.
 * Throws (after cleaning up) when the server does not become healthy.
 */
export async function startServer({ name = 'strata', env: extraEnv = {}, joinDatabase = null } = {}) {
  const bin = strataBin();
  const eng = engine();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'strata-sdk-'));

  const logDir = process.env.STRATA_SDK_LOG_DIR;
  let logFile;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    logFile = path.join(logDir, `${name}.${eng}.log`);
  } else {
    logFile = path.join(dataDir, '..', path.basename(dataDir) + '.log');
  }
  const log = createWriteStream(logFile);

  let database = null;
  const args = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir];
  const env = {
    ...process.env,
    STRATA_SUPERUSER_EMAIL: SUPERUSER_EMAIL,
    STRATA_SUPERUSER_PASSWORD: SUPERUSER_PASSWORD,
    ...extraEnv,
  };
  // the command line decides: a developer's own STRATA_* settings must not leak into tests
  for (const k of ['STRATA_DB', 'STRATA_DIR', 'STRATA_HTTP']) delete env[k];
  if (eng === 'postgres') {
    const conn = process.env.STRATA_TEST_PG;
    if (!conn) throw new Error('STRATA_TEST_ENGINE=postgres needs STRATA_TEST_PG (Npgsql connection string)');
    // joinDatabase: a second node on another server's database (it stays that server's to drop)
    database = joinDatabase || `strata_sdk_${process.pid}_${randomSuffix()}`;
    if (!joinDatabase) psql(conn, 'postgres', `CREATE DATABASE "${database}"`);
    args.push('--db', withDatabase(conn, database));
  } else if (eng !== 'sqlite') {
    throw new Error(`unknown STRATA_TEST_ENGINE ${eng}`);
  }

  let cmd = bin;
  let cmdArgs = args;
  if (bin.endsWith('.dll')) {
    cmd = 'dotnet';
    cmdArgs = [bin, ...args];
  }

  const cleanupFiles = () => {
    try { rmSync(dataDir, { recursive: true, force: true }); } catch { /* ignore */ }
    if (database && !joinDatabase) {
      try { psql(process.env.STRATA_TEST_PG, 'postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`); } catch { /* ignore */ }
    }
  };

  if (!existsSync(bin)) {
    cleanupFiles();
    throw new Error(`strata binary not found at ${bin} (build it, or set STRATA_BIN)`);
  }

  const exited = { value: null };
  const proc = spawn(cmd, cmdArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(log, { end: false });
  proc.stderr.pipe(log, { end: false });
  const exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exited.value = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    proc.on('error', (err) => {
      exited.value = `spawn error ${err.message}`;
      resolve();
    });
  });
  const killOnExit = () => { try { proc.kill('SIGKILL'); } catch { /* ignore */ } };
  process.on('exit', killOnExit);

  const logTail = (n = 40) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited.value) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => { if (!exited.value) proc.kill('SIGKILL'); }, 5000);
      await exitPromise;
      clearTimeout(t);
    }
    process.removeListener('exit', killOnExit);
    log.end();
    cleanupFiles();
    if (!logDir) { try { rmSync(logFile, { force: true }); } catch { /* ignore */ } }
  };

  try {
    await waitHealthy(url, proc, Number(process.env.STRATA_START_TIMEOUT_MS || 30000), exited);
  } catch (e) {
    const tail = logTail();
    await stop();
    throw new Error(`${e.message}\n--- strata output (tail) ---\n${tail}`);
  }
  return { url, dataDir, database, engine: eng, stop, logTail };
}

/** A fresh SDK client for `url`, with auto-cancellation off. */
export function client(url) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

/**
 * Starts one server for the current test file and registers a file-level after hook that stops
 * it. The server starts right away (not in a before hook: Node 20 runs a file's top-level before
 * hooks concurrently), and every helper awaits it, so a file's own before hooks can use
 * `await srv.admin()` safely. If the server cannot start, every test of the file fails.
 */
export function useServer(opts = {}) {
  const name = opts.name || path.basename(process.argv[1] || 'strata', '.mjs');
  const starting = startServer({ name, env: opts.env });
  starting.catch(() => {}); // reported through the before hook and the helpers, not as unhandled
  const ctx = {
    server: null,
    /** Resolves to the running server ({url, stop, ...}); rejects if it could not start. */
    ready: starting.then((s) => { ctx.server = s; return s; }),
    get url() {
      if (!ctx.server) throw new Error('server not started (await srv.ready first)');
      return ctx.server.url;
    },
    /** A guest client (call after the server is ready, e.g. inside a test). */
    client() {
      return client(ctx.url);
    },
    /** A client logged in as the bootstrap superuser. */
    async admin() {
      await ctx.ready;
      const pb = client(ctx.url);
      await pb.collection('_superusers').authWithPassword(SUPERUSER_EMAIL, SUPERUSER_PASSWORD);
      return pb;
    },
    /** Creates a record in `users` (as superuser) and returns a client logged in as it. */
    async user(email = `u${randomSuffix()}@example.com`, password = 'user-password-123', extra = {}) {
      const adm = await ctx.admin();
      const record = await adm.collection('users').create({
        email, password, passwordConfirm: password, ...extra,
      });
      const pb = client(ctx.url);
      await pb.collection('users').authWithPassword(email, password);
      return { pb, record, email, password };
    },
    /** Raw fetch against the server (path starts with /). */
    async fetch(p, init) {
      await ctx.ready;
      return fetch(ctx.url + p, init);
    },
  };
  ctx.ready.catch(() => {});
  before(async () => { await ctx.ready; }, { timeout: 120000 });
  after(async () => {
    try {
      const s = await ctx.ready;
      await s.stop();
    } catch { /* never started: startServer already cleaned up */ }
  }, { timeout: 30000 });
  return ctx;
}
