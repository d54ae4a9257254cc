// Reading the mails a Strata server sends, from the SMTP sink of scripts/lib/smtp.sh (aiosmtpd writing a maildir).
//
//   const sink = await useMailSink();          // the sink test.sh started (STRATA_TEST_SMTP_*), or a private one
//   await pb.collection('_superusers')...;     // point the server at sink.host/sink.port (see sink.settings)
//   const mail = await sink.waitFor('ann@example.com');   // {to, subject, html, text, from}
//
// When STRATA_TEST_SMTP_PORT is not set (a file run by hand), a private aiosmtpd is spawned for this process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { simpleParser } from 'mailparser';
import { freePort } from './server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function python() {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(py, ['-c', 'import aiosmtpd']).status === 0) return py;
  }
  throw new Error('python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd), and STRATA_TEST_SMTP_PORT is not set');
}

async function startPrivate() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-mail-'));
  const proc = spawn(python(), ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', path.join(dir, 'maildir')],
    { stdio: 'ignore' });
  const deadline = Date.now() + 10000;
  while (!existsSync(path.join(dir, 'maildir', 'new'))) {
    if (Date.now() > deadline) throw new Error('the private SMTP sink did not start');
    await sleep(50);
  }
  await sleep(200);
  return { host: '127.0.0.1', port, dir: path.join(dir, 'maildir'), stop: () => { proc.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The sink for this test file; stopped after the file when it is a private one. */
export async function useMailSink() {
  const shared = process.env.STRATA_TEST_SMTP_PORT && process.env.STRATA_TEST_SMTP_DIR;
  const sink = shared
    ? { host: process.env.STRATA_TEST_SMTP_HOST || '127.0.0.1', port: Number(process.env.STRATA_TEST_SMTP_PORT), dir: process.env.STRATA_TEST_SMTP_DIR, stop() {} }
    : await startPrivate();
  after(() => sink.stop());
  const seen = new Map();

  async function all() {
    const out = [];
    for (const sub of ['new', 'cur']) {
      const d = path.join(sink.dir, sub);
      if (!existsSync(d)) continue;
      for (const f of readdirSync(d)) {
        const file = path.join(d, f);
        if (!seen.has(file)) {
          const parsed = await simpleParser(readFileSync(file));
          seen.set(file, {
            to: (parsed.to?.value || []).map((a) => a.address.toLowerCase()),
            from: parsed.from?.value?.[0]?.address || '',
            subject: parsed.subject || '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            text: parsed.text || '',
            date: parsed.date,
            file,
          });
        }
        out.push(seen.get(file));
      }
    }
    return out;
  }

  return {
    host: sink.host,
    port: sink.port,
    /** The settings PATCH that points a server at this sink. */
    settings: {
      smtp: { enabled: true, host: sink.host, port: sink.port, tls: false, username: '', password: '' },
      meta: { appName: 'Acme', appURL: 'https://acme.test', senderName: 'Acme Support', senderAddress: 'support@acme.test' },
    },
    /** Every mail received so far for `address`, oldest first. */
    async to(address) {
      const list = (await all()).filter((m) => m.to.includes(address.toLowerCase()));
      return list.sort((a, b) => a.file.localeCompare(b.file));
    },
    /** Waits for the `n`-th mail (1-based, default the first) sent to `address`. */
    async waitFor(address, { n = 1, timeoutMs = 10000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = await this.to(address);
        if (list.length >= n) return list[n - 1];
        if (Date.now() > deadline) throw new Error(`no mail #${n} to ${address} within ${timeoutMs} ms (have ${list.length})`);
        await sleep(100);
      }
    },
  };
}

/** The token of a confirm link in a mail (`…/auth/confirm-<kind>/<token>`). */
export function tokenIn(mail) {
  const m = /\/auth\/confirm-[a-z-]+\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(mail.html);
  if (!m) throw new Error('no token link in mail: ' + mail.html);
  return m[1];
}

/** The OTP code of a mail (the default template shows it in <strong>). */
export function codeIn(mail) {
  const m = /<strong>(\d+)<\/strong>/.exec(mail.html);
  if (!m) throw new Error('no code in mail: ' + mail.html);
  return m[1];
}
