'use strict';
// Text messages through a real Kannel: Missive sends over Kannel's sendsms interface, Kannel's
// test SMSC (fakesmsc) receives them and reports delivery back to Missive's receipt URL; a message
// from a phone reaches GET /v2/received-text-messages and the service's inbound-SMS callback.
// Failure paths: the SMSC away (Kannel queues: the SMS stays `sent` until delivered), smsbox down
// (Missive retries; nothing fails), a receipt with a wrong secret (403, nothing changes).

const assert = require('node:assert/strict');
const http = require('node:http');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const {
  cli, createKey, createService, freePort, makeTempDir, pollUntil, sleep, startServe, stopAll,
  waitForStatus,
} = require('./support');
const { startKannel, ucs2 } = require('./kannel');

const SECRET = 'receipt-secret-4c1e9b';
const SERVICE_NUMBER = '16135550100'; // a sender is at most 11 characters
const SERVICE_E164 = '+16135550100';
const TOKEN = 'jeton-entrant-0123456789';
const INBOUND_KEYS = ['id', 'source_number', 'destination_number', 'message', 'date_received'];

// An HTTP server on 127.0.0.1 that records the JSON bodies POSTed to it and answers 200.
function startReceiver() {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/entrants`,
        requests,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

describe('SMS through Kannel', () => {
  let kannel;
  let serve;
  let client;
  let receiver;
  let service;
  let template;

  before(async () => {
    const dataDir = makeTempDir('data');
    service = createService(dataDir, { name: 'Santé publique' });
    cli(dataDir, ['sms-sender', 'add', '--service', service.id, '--sender', SERVICE_NUMBER,
      '--default']);
    const key = createKey(dataDir, service.id).key;
    template = cli(dataDir, ['template', 'create', '--service', service.id, '--type', 'sms',
      '--name', 'Rendez-vous', '--body', 'Votre rendez-vous est le ((date)).']);
    receiver = await startReceiver();
    cli(dataDir, ['callback', 'set', '--service', service.id, '--url', receiver.url,
      '--token', TOKEN, '--type', 'inbound-sms']);

    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    kannel = await startKannel({ inboundUrl: `${publicUrl}/providers/kannel/inbound`, secret: SECRET });
    serve = await startServe({
      dataDir, port, retryBase: 0.2, callbackRetry: 0.5,
      extraArgs: ['--public-url', publicUrl, '--sms-provider', kannel.spec()],
    });
    client = new NotifyClient(serve.url, key);
  });
  after(async () => {
    await stopAll();
    if (receiver) await receiver.close();
  });

  const logs = () => `--- missive serve ---\n${serve.log()}\n${kannel.log()}`;

  async function send(date) {
    const response = await client.sendSms(template.id, '613 555 0142', {
      personalisation: { date },
    });
    assert.equal(response.status, 201);
    return response.data.id;
  }

  function receivedByPhone(fragment) {
    return pollUntil(
      () => kannel.phone.received.find((m) => m.text.includes(fragment)),
      { timeoutMs: 20000, describe: () => `phone got ${JSON.stringify(kannel.phone.received)}\n${logs()}` },
    );
  }

  it('sends the text to the phone and records the delivery report', async () => {
    const id = await send('5 décembre');
    const message = await receivedByPhone('5 décembre');
    assert.equal(message.text, 'Santé publique: Votre rendez-vous est le 5 décembre.');
    assert.equal(message.to, '+16135550142');
    assert.equal(message.from, SERVICE_NUMBER);
    const notification = await waitForStatus(client, id, ['delivered'], { serve });
    assert.equal(notification.type, 'sms');
  });

  it('sends Unicode text as UCS-2', async () => {
    await send('ᐅᓪᓗᖓ 6');
    const message = await receivedByPhone('ᐅᓪᓗᖓ 6');
    assert.equal(message.type, 'ucs-2');
    assert.equal(message.text, 'Santé publique: Votre rendez-vous est le ᐅᓪᓗᖓ 6.');
  });

  it('keeps a message Kannel queued as sent, ignores a receipt with a wrong secret, and '
    + 'delivers it once the SMSC is back', async () => {
    await kannel.stopPhone();
    const id = await send('7 décembre');
    await waitForStatus(client, id, ['sent'], { serve });

    const forged = await fetch(`${serve.url}/providers/kannel/receipt?id=${id}&status=1&answer=`
      + '&secret=not-the-secret');
    assert.equal(forged.status, 403);
    const missing = await fetch(`${serve.url}/providers/kannel/receipt?id=${id}&status=1`);
    assert.equal(missing.status, 403);
    assert.equal((await client.getNotificationById(id)).data.status, 'sent');

    await kannel.startPhone();
    await receivedByPhone('7 décembre');
    await waitForStatus(client, id, ['delivered'], { serve });
  });

  it('retries while smsbox is down and delivers once it is back', async () => {
    await kannel.stopSmsbox();
    const id = await send('8 décembre');
    // Several attempts fail (the retry log says so); the notification stays in flight.
    const retried = new RegExp(`notification=${id} (event|provider=kannel outcome)=retry`);
    await pollUntil(() => (retried.test(serve.log()) ? true : undefined), {
      timeoutMs: 20000, describe: logs,
    });
    await sleep(1000);
    assert.equal((await client.getNotificationById(id)).data.status, 'sending');

    await kannel.startSmsbox();
    await receivedByPhone('8 décembre');
    await waitForStatus(client, id, ['delivered'], { timeoutMs: 60000, serve });
  });

  it('lists a message from a phone and posts it to the inbound-SMS callback', async () => {
    await kannel.phone.send(`16135550142 16135550100 ucs2 ${ucs2('Oui, je serai là. Merci!')}`);
    const listed = await pollUntil(async () => {
      const texts = (await client.getReceivedTexts()).data.received_text_messages;
      return texts.find((t) => t.content === 'Oui, je serai là. Merci!');
    }, { timeoutMs: 20000, describe: logs });
    assert.equal(listed.service_id, service.id);
    assert.equal(listed.user_number, '+16135550142');
    assert.equal(listed.notify_number, SERVICE_E164);

    const callback = await pollUntil(
      () => receiver.requests.find((r) => r.body.id === listed.id),
      { timeoutMs: 20000, describe: () => `callbacks: ${JSON.stringify(receiver.requests)}\n${logs()}` },
    );
    assert.equal(callback.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(Object.keys(callback.body), INBOUND_KEYS);
    assert.equal(callback.body.source_number, '+16135550142');
    assert.equal(callback.body.destination_number, SERVICE_E164);
    assert.equal(callback.body.message, 'Oui, je serai là. Merci!');
    assert.equal(callback.body.date_received, listed.created_at);
  });

  it('drops a message to a number no service has, without a callback', async () => {
    const before = receiver.requests.length;
    await kannel.phone.send('16135550142 16135550199 text Mauvais numero');
    await kannel.phone.send('16135550142 16135550100 text Bon numero');
    await pollUntil(async () => {
      const texts = (await client.getReceivedTexts()).data.received_text_messages;
      return texts.find((t) => t.content === 'Bon numero');
    }, { timeoutMs: 20000, describe: logs });
    const texts = (await client.getReceivedTexts()).data.received_text_messages;
    assert.equal(texts.filter((t) => t.content === 'Mauvais numero').length, 0);
    await pollUntil(() => (receiver.requests.length > before ? true : undefined), {
      timeoutMs: 20000, describe: logs,
    });
    assert.ok(receiver.requests.every((r) => r.body.message !== 'Mauvais numero'));
  });
});
