'use strict';
// Shared set-up for Missive's end-to-end tests: free loopback ports, the test SMTP server, a fresh
// data directory, services, keys and templates made through the CLI, `missive serve`, polling, and
// reading the Maildir the SMTP server stores. Every child process started here is recorded, and
// stopAll() (called from each test file's `after` hook, and as a last resort on exit) ends them.
//
//   const env = await startStack({ serviceName: 'Service d’essai Québec' });
//   const client = new NotifyClient(env.serve.url, env.key);
//   ...
//   after(stopAll);

const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const PYTHON = '/usr/bin/python3'; // Debian's python, which has aiosmtpd (pyenv's does not)
const REPO = path.resolve(__dirname, '..', '..');
// MISSIVE_BIN, when set, is taken relative to the working directory.
const MISSIVE_BIN = process.env.MISSIVE_BIN
  ? path.resolve(process.env.MISSIVE_BIN)
  : path.resolve(__dirname, '..', '..', 'build', 'src', 'cli', 'missive');
if (!fs.existsSync(MISSIVE_BIN)) {
  throw new Error(`no missive binary at ${MISSIVE_BIN}: build it or set MISSIVE_BIN`);
}
const SMTP_SERVER = path.join(REPO, 'tests', 'support', 'smtp_server.py');
const READ_MAILDIR = path.join(__dirname, 'read_maildir.py');
const KEEP = process.env.MISSIVE_E2E_KEEP === '1'; // keep temp dirs for a post-mortem

const children = new Set();
const tempDirs = new Set();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A TCP port on 127.0.0.1 that was free a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function makeTempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `missive-e2e-${label}-`));
  tempDirs.add(dir);
  return dir;
}

// A child process whose output is kept (the last 64 KiB) for error messages.
function track(name, child) {
  const entry = { name, child, log: '', exited: null };
  const keep = (chunk) => {
    entry.log = (entry.log + chunk.toString('utf8')).slice(-65536);
  };
  child.stderr.on('data', keep);
  entry.exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      entry.exited = { code, signal };
      children.delete(entry);
      resolve(entry.exited);
    });
  });
  children.add(entry);
  return entry;
}

async function stopChild(entry, timeoutMs = 3000) {
  if (entry.exited) return entry.exited;
  entry.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([entry.exitPromise, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') entry.child.kill('SIGKILL');
  return entry.exitPromise;
}

// Ends every child process still running and removes the temp directories (unless
// MISSIVE_E2E_KEEP=1, in which case their paths are printed).
async function stopAll() {
  await Promise.all([...children].map((entry) => stopChild(entry)));
  for (const dir of tempDirs) {
    if (KEEP) console.error(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  tempDirs.clear();
}

// If a test file dies without running its hooks, leave no server behind.
process.on('exit', () => {
  for (const entry of children) entry.child.kill('SIGKILL');
});

// Starts tests/support/smtp_server.py on `port` (0: any free one) storing into `maildir`, with
// the script's `options` (TLS, authentication). Resolves with { port, maildir, stop() } once it
// listens. When a fixed port is briefly taken (for instance just after the previous server on it
// stopped), tries again until `deadlineMs`.
async function startSmtp({ port = 0, maildir, options = [], deadlineMs = 5000 } = {}) {
  const dir = maildir || path.join(makeTempDir('smtp'), 'maildir');
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const child = spawn(PYTHON, [SMTP_SERVER, ...options, String(port), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = track('smtp', child);
    const lines = readline.createInterface({ input: child.stdout });
    const first = await Promise.race([
      new Promise((resolve) => lines.once('line', resolve)),
      entry.exitPromise.then(() => null),
    ]);
    if (first !== null && /^\d+$/.test(first.trim())) {
      lines.on('line', () => {});
      const smtp = {
        port: Number(first.trim()),
        maildir: dir,
        entry,
        stop: () => stopChild(entry),
      };
      return smtp;
    }
    await stopChild(entry);
    if (Date.now() > deadline) {
      throw new Error(`SMTP server did not start on port ${port}: ${entry.log}`);
    }
    await sleep(100);
  }
}

// Runs the CLI with --json on `dataDir` and returns the parsed output.
function cli(dataDir, args) {
  let out;
  try {
    out = execFileSync(MISSIVE_BIN, ['--data-dir', dataDir, '--json', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15000,
    });
  } catch (error) {
    throw new Error(`missive ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
  return JSON.parse(out);
}

function createService(dataDir, { name, emailFrom, live = true }) {
  const args = ['service', 'create', '--name', name];
  if (emailFrom) args.push('--email-from', emailFrom);
  if (live) args.push('--live');
  return cli(dataDir, args);
}

function createKey(dataDir, serviceId, { name = 'e2e', type = 'normal' } = {}) {
  return cli(dataDir, ['key', 'create', '--service', serviceId, '--name', name, '--type', type]);
}

function createEmailTemplate(dataDir, serviceId, { name, subject, body }) {
  return cli(dataDir, [
    'template', 'create', '--service', serviceId, '--type', 'email',
    '--name', name, '--subject', subject, '--body', body,
  ]);
}

// Starts `missive serve` on a free loopback port and waits until GET /_status answers 200.
// `port` (default: a free one) and `extraArgs` (more serve options) are optional.
async function startServe({
  dataDir, smtpPort, retryBase, retryCap, callbackRetry, leaseSeconds, workers,
  deadlineMs = 10000, port: fixedPort, extraArgs = [],
}) {
  const port = fixedPort || (await freePort());
  const args = ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, ...extraArgs];
  if (smtpPort) args.push('--smtp-url', `smtp://127.0.0.1:${smtpPort}`);
  if (retryBase !== undefined) args.push('--retry-base', String(retryBase));
  if (retryCap !== undefined) args.push('--retry-cap', String(retryCap));
  if (workers !== undefined) args.push('--workers', String(workers));
  if (callbackRetry !== undefined) args.push('--callback-retry-seconds', String(callbackRetry));
  if (leaseSeconds !== undefined) args.push('--lease-seconds', String(leaseSeconds));
  const child = spawn(MISSIVE_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = track('serve', child);
  child.stdout.on('data', () => {});
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (entry.exited) {
      throw new Error(`missive serve exited (${JSON.stringify(entry.exited)}): ${entry.log}`);
    }
    try {
      const response = await fetch(`${url}/_status`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(entry);
      throw new Error(`missive serve did not answer GET /_status on ${url}: ${entry.log}`);
    }
    await sleep(50);
  }
  return { url, port, entry, log: () => entry.log, stop: () => stopChild(entry) };
}

// The messages stored in `maildir`, as read_maildir.py describes them.
function readMaildir(maildir) {
  const out = execFileSync(PYTHON, [READ_MAILDIR, maildir], {
    encoding: 'utf8',
    timeout: 15000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

// The notification id in each stored message's Message-ID (<id@domain>), one entry per message
// file in `maildir`'s new/ and cur/ (so a message stored twice appears twice). Reads only the
// header block of each file: fast enough to poll a Maildir of tens of thousands of messages.
// A message without a Message-ID header gives ''.
function maildirMessageIds(maildir) {
  const ids = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(maildir, sub);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'latin1');
      const end = text.search(/\r?\n\r?\n/);
      const header = end < 0 ? text : text.slice(0, end);
      const match = /^Message-ID:\s*<([^@>\s]*)/im.exec(header);
      ids.push(match ? match[1] : '');
    }
  }
  return ids;
}

// How many message files `maildir` holds (new/ and cur/), without reading them.
function maildirCount(maildir) {
  let count = 0;
  for (const sub of ['new', 'cur']) {
    const dir = path.join(maildir, sub);
    if (fs.existsSync(dir)) count += fs.readdirSync(dir).length;
  }
  return count;
}

// Calls `probe` until it returns something other than undefined; throws after `timeoutMs`,
// saying what `describe()` reports (for instance the last status seen and the server's log).
async function pollUntil(probe, { timeoutMs = 20000, intervalMs = 100, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up after ${timeoutMs} ms: ${describe()}`);
    }
    await sleep(intervalMs);
  }
}

// Polls GET /v2/notifications/{id} through the node client until the status is one of `statuses`;
// returns the notification.
async function waitForStatus(client, id, statuses, { timeoutMs = 20000, serve } = {}) {
  let last;
  return pollUntil(
    async () => {
      last = (await client.getNotificationById(id)).data;
      return statuses.includes(last.status) ? last : undefined;
    },
    {
      timeoutMs,
      describe: () =>
        `notification ${id} is ${last && last.status}, wanted ${statuses.join('|')}` +
        (serve ? `\n--- missive serve log ---\n${serve.log()}` : ''),
    },
  );
}

// An HS256 JWT as notifications-node-client makes it: claims iss (service id) and iat only.
function notifyToken(apiKey) {
  const secret = apiKey.slice(-36);
  const serviceId = apiKey.slice(-73, -37);
  const encode = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    iss: serviceId,
    iat: Math.round(Date.now() / 1000),
  })}`;
  const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

// A data directory with one live service, a normal key and one email template, plus an SMTP
// server and `missive serve` sending to it (with `serveArgs` added to its command line).
async function startStack({
  serviceName,
  emailFrom,
  template = { name: 'e2e', subject: 'Hello ((name))', body: 'Hello ((name))' },
  retryBase,
  retryCap,
  callbackRetry,
  serveArgs = [],
  smtpOptions = [],
} = {}) {
  const dataDir = makeTempDir('data');
  const smtp = await startSmtp({ options: smtpOptions });
  const service = createService(dataDir, { name: serviceName, emailFrom });
  const key = createKey(dataDir, service.id).key;
  const tmpl = createEmailTemplate(dataDir, service.id, template);
  const serve = await startServe({
    dataDir, smtpPort: smtp.port, retryBase, retryCap, callbackRetry, extraArgs: serveArgs,
  });
  return { dataDir, smtp, service, key, template: tmpl, serve };
}

module.exports = {
  MISSIVE_BIN,
  cli,
  createEmailTemplate,
  createKey,
  createService,
  freePort,
  maildirCount,
  maildirMessageIds,
  makeTempDir,
  notifyToken,
  pollUntil,
  readMaildir,
  sleep,
  startServe,
  startSmtp,
  startStack,
  stopAll,
  stopChild,
  track,
  waitForStatus,
};
