'use strict';
// Delivery-status callbacks: the service's endpoint answers 500 to the first POST and 200 after
// that; the status arrives, retried, with the bearer token and GC Notify's payload. Test-key
// notifications are reported too, and the CLI keeps the token to itself.

const assert = require('node:assert/strict');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const { MISSIVE_BIN, cli, createKey, pollUntil, startStack, stopAll, waitForStatus } =
  require('./support');

const TOKEN = 'jeton-de-rappel-0123456789';
const CALLBACK_PATH = '/rappels/statut';
const PAYLOAD_KEYS = [
  'id', 'reference', 'to', 'status', 'status_description', 'provider_response', 'created_at',
  'completed_at', 'sent_at', 'notification_type',
];
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

// An HTTP server on 127.0.0.1 that records every request and answers 500 to the first, 200 after.
function startReceiver() {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const status = requests.length === 0 ? 500 : 200;
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = { unparsed: text };
      }
      const { method, url, headers } = request;
      requests.push({ method, url, headers, body, status });
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(status === 200 ? '{"result":"ok"}' : '{"result":"error"}');
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
        requests,
        about: (id) => requests.filter((r) => r.body.id === id),
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// Runs the CLI expecting it to fail; returns what it printed on standard error.
function cliFails(dataDir, args) {
  try {
    execFileSync(MISSIVE_BIN, ['--data-dir', dataDir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15000,
    });
  } catch (error) {
    assert.equal(error.status, 1);
    return error.stderr;
  }
  return assert.fail(`missive ${args.join(' ')} succeeded`);
}

describe('delivery-status callbacks', () => {
  let stack;
  let client;
  let receiver;
  let firstId;

  before(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      serviceName: 'Service de rappels',
      template: { name: 'rappel', subject: 'Avis pour ((name))', body: 'Bonjour ((name))' },
      callbackRetry: 0.5,
    });
    cli(stack.dataDir, [
      'callback', 'set', '--service', stack.service.id, '--url', receiver.url, '--token', TOKEN,
    ]);
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(async () => {
    await stopAll();
    if (receiver) await receiver.close();
  });

  const describeState = () =>
    `callbacks received: ${JSON.stringify(receiver.requests, null, 1)}\n` +
    `--- missive serve log ---\n${stack.serve.log()}`;

  it('retries after a 500 and delivers the status with the bearer token', async () => {
    const response = await client.sendEmail(stack.template.id, 'zoe.tremblay@example.com', {
      personalisation: { name: 'Zoé' },
      reference: 'dossier-42',
    });
    assert.equal(response.status, 201);
    const id = response.data.id;
    firstId = id;

    const [refused, accepted] = await pollUntil(
      () => (receiver.about(id).length >= 2 ? receiver.about(id) : undefined),
      { timeoutMs: 20000, describe: describeState },
    );
    assert.equal(refused.status, 500);
    assert.equal(accepted.status, 200);
    assert.deepEqual(accepted.body, refused.body, 'the retry carries the same payload');

    for (const request of [refused, accepted]) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, CALLBACK_PATH);
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers['content-type'], 'application/json');
    }

    const payload = accepted.body;
    assert.deepEqual(Object.keys(payload), PAYLOAD_KEYS);
    assert.equal(payload.id, id);
    assert.equal(payload.reference, 'dossier-42');
    assert.equal(payload.to, 'zoe.tremblay@example.com');
    assert.equal(payload.status, 'delivered');
    assert.equal(payload.status_description, 'Delivered');
    assert.equal(payload.provider_response, null);
    assert.equal(payload.notification_type, 'email');
    for (const field of ['created_at', 'completed_at', 'sent_at']) {
      assert.match(payload[field], TIMESTAMP, field);
    }

    const notification = await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    assert.equal(payload.created_at, notification.created_at);
    assert.equal(payload.sent_at, notification.sent_at);
    assert.equal(payload.completed_at, notification.completed_at);
  });

  it('reports the simulated failure of a test-key notification', async () => {
    const testKey = createKey(stack.dataDir, stack.service.id, { name: 'essai', type: 'test' }).key;
    const testClient = new NotifyClient(stack.serve.url, testKey);
    const response = await testClient.sendEmail(stack.template.id, 'perm-fail@simulator.notify', {
      personalisation: { name: 'Zoé' },
    });
    assert.equal(response.status, 201);
    const id = response.data.id;

    const [report] = await pollUntil(
      () => (receiver.about(id).length >= 1 ? receiver.about(id) : undefined),
      { timeoutMs: 20000, describe: describeState },
    );
    assert.equal(report.status, 200);
    assert.equal(report.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(report.body.status, 'permanent-failure');
    assert.equal(report.body.status_description, 'No such address');
    assert.equal(report.body.to, 'perm-fail@simulator.notify');
    assert.equal(report.body.reference, null);

    assert.equal(receiver.about(firstId).length, 2, 'a delivered callback is not sent again');
  });

  it('refuses a remote http URL and a short token, and never shows the token', () => {
    const { dataDir } = stack;
    const serviceId = stack.service.id;
    const remote = cliFails(dataDir, [
      'callback', 'set', '--service', serviceId, '--url', 'http://example.com/cb', '--token', TOKEN,
    ]);
    assert.match(remote, /is not a valid https url/);
    const short = cliFails(dataDir, [
      'callback', 'set', '--service', serviceId, '--url', 'https://example.com/cb',
      '--token', '123456789',
    ]);
    assert.match(short, /at least 10 characters/);

    const shown = cli(dataDir, ['callback', 'show', '--service', serviceId]);
    assert.equal(shown.url, receiver.url, 'the refused settings changed nothing');
    assert.ok(!JSON.stringify(shown).includes(TOKEN));
    const text = execFileSync(
      MISSIVE_BIN,
      ['--data-dir', dataDir, 'callback', 'show', '--service', serviceId],
      { encoding: 'utf8', timeout: 15000 },
    );
    assert.ok(text.includes(receiver.url));
    assert.ok(!text.includes(TOKEN));
  });
});
