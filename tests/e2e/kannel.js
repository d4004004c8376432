'use strict';
// A real Kannel on loopback for the SMS tests: bearerbox, smsbox and Kannel's test SMSC, fakesmsc,
// which plays the phone network (it prints every message it receives and sends in the lines
// written to its standard input). The configuration comes from tests/support/kannel.conf.in with
// free ports and a temporary folder. Processes are tracked by support.js, so stopAll() ends them.
//
//   const kannel = await startKannel({ inboundUrl: `${missiveUrl}/providers/kannel/inbound`,
//                                      secret: 'receipt-secret' });
//   kannel.spec(); kannel.phone.received;
//   await kannel.phone.send('16135550142 16135550100 text Oui');

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const { freePort, makeTempDir, pollUntil, sleep, stopChild, track } = require('./support');

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
const TEMPLATE = path.resolve(__dirname, '..', 'support', 'kannel.conf.in');
const USERNAME = 'missive';
const PASSWORD = 'sendsms-password';
const ADMIN_PASSWORD = 'admin-password';

for (const binary of [BEARERBOX, SMSBOX, FAKESMSC]) {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: install kannel and kannel-extras (scripts/install-deps.sh)`);
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function waitForPort(port, entry, what) {
  return pollUntil(async () => {
    if (entry.exited) throw new Error(`${what} exited: ${entry.log}`);
    return (await canConnect(port)) ? true : undefined;
  }, { timeoutMs: 15000, describe: () => `${what} is not listening on ${port}: ${entry.log}` });
}

// One message fakesmsc printed: "Got message N: <from to type data>". `text` is decoded: "text"
// data is as it is; "ucs-2" data is URL-encoded UTF-16BE.
function parseReceived(line) {
  const match = /Got message \d+: <(\S+) (\S+) (\S+) (.*)>$/.exec(line);
  if (!match) return null;
  const [, from, to, type, data] = match;
  let text = data;
  if (type === 'ucs-2') {
    const bytes = Buffer.from(unescape(data.replace(/\+/g, ' ')), 'latin1');
    text = Buffer.from(bytes).swap16().toString('utf16le');
  }
  return { from, to, type, text };
}

// `text` as the URL-encoded UTF-16BE data of a fakesmsc "ucs2" line.
function ucs2(text) {
  const bytes = Buffer.from(text, 'utf16le').swap16();
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

async function startKannel({ inboundUrl, secret }) {
  const dir = makeTempDir('kannel');
  const ports = {
    ADMIN_PORT: await freePort(),
    SMSBOX_PORT: await freePort(),
    SMSC_PORT: await freePort(),
    SENDSMS_PORT: await freePort(),
  };
  const values = {
    ...ports, DIR: dir, USERNAME, PASSWORD, ADMIN_PASSWORD, INBOUND_URL: inboundUrl, SECRET: secret,
  };
  const config = fs.readFileSync(TEMPLATE, 'utf8').replace(/@([A-Z_]+)@/g, (whole, name) => {
    if (!(name in values)) throw new Error(`kannel.conf.in: no value for ${whole}`);
    return String(values[name]);
  });
  const configPath = path.join(dir, 'kannel.conf');
  fs.writeFileSync(configPath, config);

  const start = (name, binary) => {
    const entry = track(name, spawn(binary, [configPath], { stdio: ['ignore', 'ignore', 'pipe'] }));
    return entry;
  };

  const kannel = {
    dir,
    ports,
    bearerbox: start('bearerbox', BEARERBOX),
    smsbox: null,
    phone: null,
    spec: () =>
      `kannel:http://127.0.0.1:${ports.SENDSMS_PORT}/cgi-bin/sendsms?username=${USERNAME}` +
      `&password=${PASSWORD}&from=12345&receipt_secret=${secret}&priority=1`,
    log: () => ['bearerbox.log', 'smsbox.log']
      .map((name) => path.join(dir, name))
      .filter((file) => fs.existsSync(file))
      .map((file) => `--- ${path.basename(file)} ---\n${fs.readFileSync(file, 'utf8').slice(-4000)}`)
      .join('\n'),
  };
  await waitForPort(ports.ADMIN_PORT, kannel.bearerbox, 'bearerbox');

  kannel.startSmsbox = async () => {
    kannel.smsbox = start('smsbox', SMSBOX);
    await waitForPort(ports.SENDSMS_PORT, kannel.smsbox, 'smsbox');
  };
  kannel.stopSmsbox = () => stopChild(kannel.smsbox);

  // What bearerbox's status page says about the fake SMSC ("online", "re-connecting", ...).
  kannel.smscOnline = async () => {
    const url = `http://127.0.0.1:${ports.ADMIN_PORT}/status.txt?password=${ADMIN_PASSWORD}`;
    const text = await (await fetch(url)).text();
    const line = text.split('\n').find((l) => l.includes('fake1'));
    return Boolean(line && /online/.test(line));
  };

  kannel.startPhone = async () => {
    const args = ['-H', '127.0.0.1', '-r', String(ports.SMSC_PORT), '-i', '0.1', '-m', '1000'];
    const child = spawn(FAKESMSC, args, {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const entry = track('fakesmsc', child);
    // fakesmsc takes one line per read of its standard input: lines written together would be
    // lost, so they are written half a second apart.
    let queue = Promise.resolve();
    const send = (line) => {
      queue = queue.then(async () => {
        child.stdin.write(`${line}\n`);
        await sleep(500);
      });
      return queue;
    };
    const phone = { entry, received: [], send };
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      const message = parseReceived(line);
      if (message) phone.received.push(message);
    });
    kannel.phone = phone;
    await pollUntil(async () => ((await kannel.smscOnline()) ? true : undefined), {
      timeoutMs: 15000,
      describe: () => `the fake SMSC did not come online: ${entry.log}\n${kannel.log()}`,
    });
    return phone;
  };
  kannel.stopPhone = async () => {
    kannel.phone.entry.child.stdin.end();
    await stopChild(kannel.phone.entry);
    await pollUntil(async () => ((await kannel.smscOnline()) ? undefined : true), {
      timeoutMs: 15000,
      describe: () => `the fake SMSC stays online: ${kannel.log()}`,
    });
  };

  await kannel.startSmsbox();
  await kannel.startPhone();
  return kannel;
}

module.exports = { startKannel, ucs2 };
