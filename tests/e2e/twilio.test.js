'use strict';
// Text messages through two Twilio providers (two local Twilio stand-ins, priorities 1 and 2):
// the first takes them and its signed status callbacks move them from sent to delivered (or a
// failure); while it answers 503 they go through the second, and once it recovers it is used again.
// A status callback that is not signed by the account's auth token is refused and changes nothing.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const {
  cli, createKey, createService, makeTempDir, pollUntil, sleep, startServe, stopAll, waitForStatus,
} = require('./support');

const { TwilioStandIn, twilioSignature } = require(
  path.join(__dirname, '..', 'support', 'twilio_stand_in.js'),
);

const FROM = '+16135550100';
const account = () => `AC${crypto.randomBytes(16).toString('hex')}`;

function spec(standIn, priority) {
  const credentials = `${standIn.accountSid}:${encodeURIComponent(standIn.authToken)}`;
  return `twilio:http://${credentials}@127.0.0.1:${standIn.port}` +
    `?from=${encodeURIComponent(FROM)}&priority=${priority}&rate=50`;
}

describe('text messages through Twilio, with failover', () => {
  let first;
  let second;
  let serve;
  let client;
  let template;

  before(async () => {
    first = new TwilioStandIn({ accountSid: account(), authToken: 'jeton-un/1' });
    second = new TwilioStandIn({ accountSid: account(), authToken: 'jeton-deux' });
    await first.start();
    await second.start();
    const dataDir = makeTempDir('data');
    const service = createService(dataDir, { name: 'Service des textos' });
    const key = createKey(dataDir, service.id).key;
    template = cli(dataDir, [
      'template', 'create', '--service', service.id, '--type', 'sms', '--name', 'Code',
      '--body', 'Votre code est ((code)).',
    ]);
    // Given in reverse order: the priorities decide.
    serve = await startServe({
      dataDir,
      retryBase: 0.05,
      extraArgs: [
        '--sms-provider', spec(second, 2), '--sms-provider', spec(first, 1),
        '--sms-cooldown-seconds', '1', '--sms-sender-rate', '50',
      ],
    });
    client = new NotifyClient(serve.url, key);
  });
  after(async () => {
    await stopAll();
    await first.stop();
    await second.stop();
  });

  const send = async (to, code = '4821') => {
    const response = await client.sendSms(template.id, to, { personalisation: { code } });
    assert.equal(response.status, 201);
    return response.data.id;
  };
  const messageFor = (standIn, id) =>
    standIn.messages.find((m) => (m.statusCallback || '').endsWith(`?id=${id}`));

  it('sends through the first provider; the signed status callback makes it delivered', async () => {
    first.reportDelayMs = 1500; // long enough to see the message `sent` first
    const id = await send('613 555 0142');
    const sent = await waitForStatus(client, id, ['sent'], { serve });
    assert.equal(sent.status, 'sent');
    const delivered = await waitForStatus(client, id, ['delivered'], { serve });
    first.reportDelayMs = 20;

    assert.equal(delivered.status_description, 'Delivered');
    assert.equal(delivered.provider_response, 'Message has been accepted by phone');
    const message = messageFor(first, id);
    assert.ok(message, 'the first provider took the message');
    assert.equal(message.to, '+16135550142');
    assert.equal(message.from, FROM);
    assert.equal(message.body, 'Service des textos: Votre code est 4821.');
    assert.equal(message.statusCallback, `${serve.url}/providers/twilio/status?id=${id}`);
    assert.match(message.sid, /^SM[0-9a-f]{32}$/);
    const callbacks = first.callbacks.filter((c) => c.params.MessageSid === message.sid);
    assert.deepEqual(callbacks.map((c) => [c.params.MessageStatus, c.status]),
      [['sent', 204], ['delivered', 204]]);
    assert.equal(second.messages.length, 0);
  });

  it('reports an unreachable phone as a permanent failure', async () => {
    first.report('+16135550143', { status: 'undelivered', errorCode: 30003 });
    const id = await send('+1 613 555 0143');
    const failed = await waitForStatus(client, id, ['permanent-failure'], { serve });
    assert.equal(failed.provider_response, 'Phone is currently unreachable/unavailable');
  });

  it('goes through the second provider while the first fails, then back to the first', async () => {
    first.fail({ status: 503 });
    const during = [];
    for (let i = 0; i < 4; i += 1) during.push(await send('613 555 0144', `50${i}`));
    for (const id of during) {
      await waitForStatus(client, id, ['delivered'], { serve });
      assert.ok(messageFor(second, id), `message ${id} went through the second provider`);
      assert.equal(messageFor(first, id), undefined);
    }
    const refused = first.requests.filter((r) => r.status === 503).length;
    assert.ok(refused >= 3, `the first provider was tried (${refused} times)`);

    first.clearFailure();
    // After the cool-down (1 s) one message probes the first provider again.
    const back = await pollUntil(
      async () => {
        const id = await send('613 555 0145');
        await waitForStatus(client, id, ['delivered'], { serve });
        return messageFor(first, id) ? id : undefined;
      },
      { timeoutMs: 15000, intervalMs: 200, describe: () => serve.log() },
    );
    assert.ok(back);
    const next = await send('613 555 0146');
    await waitForStatus(client, next, ['delivered'], { serve });
    assert.ok(messageFor(first, next), 'the first provider is in service again');
  });

  it('refuses a status callback with a wrong signature and keeps the status', async () => {
    first.autoReport = false;
    const id = await send('613 555 0147');
    await waitForStatus(client, id, ['sent'], { serve });
    const message = messageFor(first, id);
    assert.ok(message);

    const params = first.statusParams(message, 'delivered');
    const post = (signature) =>
      first.postStatus(message.statusCallback, message, 'delivered', undefined, { signature });
    assert.equal(await post(twilioSignature('not-the-token', message.statusCallback, params)), 403);
    assert.equal(await post(twilioSignature(second.authToken, message.statusCallback, params)), 403,
      "signed with the other account's token");
    assert.equal(await post(twilioSignature(first.authToken, `${message.statusCallback}0`, params)),
      403, 'signed for another URL');
    assert.equal(await post(''), 403, 'not signed');
    await sleep(200);
    assert.equal((await client.getNotificationById(id)).data.status, 'sent');

    assert.equal(await first.postStatus(message.statusCallback, message, 'delivered'), 204);
    await waitForStatus(client, id, ['delivered'], { serve });
    first.autoReport = true;
  });
});
