// Realtime load driver: holds N SSE clients on one Strata node, measures the server's memory per client and the
// fan-out latency of record events (create -> every subscriber's SSE frame) at a steady event rate.
//
//   node bench/realtime/sse-load.mjs --clients 2000 --rate 5 --seconds 20 [--bin src/Strata/bin/Release/net10.0/strata]
//
// Starts its own `strata serve` on SQLite in a temp dir (or uses --url with --token for a running server).
// Prints a JSON summary on the last line. No dependencies beyond Node 20.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const CLIENTS = Number(args.clients || 1000);
const RATE = Number(args.rate || 5);
const SECONDS = Number(args.seconds || 20);
const BIN = args.bin || path.resolve('src/Strata/bin/Release/net10.0/strata');
const EMAIL = 'bench@strata.test';
const PASSWORD = 'bench-password-1234';

const now = () => performance.timeOrigin + performance.now();

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function json(url, method, body, token) {
  const res = await fetch(url, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function startServer() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-rt-bench-'));
  const proc = spawn(BIN, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], {
    env: { ...process.env, STRATA_SUPERUSER_EMAIL: EMAIL, STRATA_SUPERUSER_PASSWORD: PASSWORD },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(url + '/api/health')).ok) break; } catch { /* starting */ }
    await sleep(100);
  }
  return { url, pid: proc.pid, stop: () => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

/** One SSE client: resolves with its id after PB_CONNECT; calls onEvent(name, data) for later frames. */
function openSse(url, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(url + '/api/realtime', { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      let buf = '';
      let id = null;
      res.on('data', (chunk) => {
        buf += chunk;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let name = ''; let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('id:')) id = line.slice(3);
            else if (line.startsWith('event:')) name = line.slice(6);
            else if (line.startsWith('data:')) data = line.slice(5);
          }
          if (name === 'PB_CONNECT') resolve({ id, req });
          else onEvent(name, data);
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
  });
}

async function main() {
  const server = args.url ? { url: args.url, pid: Number(args.pid), stop: () => {} } : await startServer();
  const { url } = server;
  const auth = await json(url + '/api/collections/_superusers/auth-with-password', 'POST', { identity: EMAIL, password: PASSWORD });
  const token = auth.token;
  await json(url + '/api/collections', 'POST', {
    name: 'ticks', listRule: '', viewRule: '', createRule: '', fields: [{ name: 'sent', type: 'number' }],
  }, token).catch(() => {});

  await sleep(500);
  const rssBefore = server.pid ? rssKb(server.pid) : 0;
  const latencies = [];
  const perEventLast = new Map(); // sent -> latest arrival
  let received = 0;
  const clients = [];
  const t0 = Date.now();
  const CONCURRENCY = 50;
  for (let i = 0; i < CLIENTS; i += CONCURRENCY) {
    const batch = [];
    for (let j = i; j < Math.min(CLIENTS, i + CONCURRENCY); j++) {
      batch.push(openSse(url, (name, data) => {
        const t = now();
        const sent = JSON.parse(data).record.sent;
        latencies.push(t - sent);
        perEventLast.set(sent, Math.max(perEventLast.get(sent) || 0, t));
        received++;
      }).then(async (c) => {
        await json(url + '/api/realtime', 'POST', { clientId: c.id, subscriptions: ['ticks/*'] });
        return c;
      }));
    }
    clients.push(...await Promise.all(batch));
  }
  const connectSeconds = (Date.now() - t0) / 1000;
  await sleep(2000);
  const rssConnected = server.pid ? rssKb(server.pid) : 0;

  const events = RATE * SECONDS;
  const interval = 1000 / RATE;
  const start = now();
  for (let i = 0; i < events; i++) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    await json(url + '/api/collections/ticks/records', 'POST', { sent: now() });
  }
  const expected = events * CLIENTS;
  for (let i = 0; i < 300 && received < expected; i++) await sleep(100);
  const rssAfter = server.pid ? rssKb(server.pid) : 0;

  latencies.sort((a, b) => a - b);
  const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  const fanout = [...perEventLast.entries()].map(([sent, last]) => last - sent).sort((a, b) => a - b);
  const fq = (p) => fanout.length ? fanout[Math.min(fanout.length - 1, Math.floor(p * fanout.length))] : NaN;
  const summary = {
    clients: clients.length, connectSeconds, eventsPerSecond: RATE, events, expectedDeliveries: expected, delivered: received,
    rssBeforeMB: +(rssBefore / 1024).toFixed(1), rssConnectedMB: +(rssConnected / 1024).toFixed(1), rssAfterEventsMB: +(rssAfter / 1024).toFixed(1),
    kbPerClient: +((rssConnected - rssBefore) / CLIENTS).toFixed(1),
    deliveryLatencyMs: { p50: +q(0.5).toFixed(1), p99: +q(0.99).toFixed(1), max: +q(1).toFixed(1) },
    lastSubscriberLatencyMs: { p50: +fq(0.5).toFixed(1), p99: +fq(0.99).toFixed(1) },
  };
  for (const c of clients) c.req.destroy();
  server.stop();
  console.log(JSON.stringify(summary));
}

main().catch((e) => { console.error(e); process.exit(1); });
