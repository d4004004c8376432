'use strict';
// An SMTP outage loses nothing: the send is accepted, waits in an in-between status, and is
// delivered exactly once when the SMTP server is back on the same port.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const { readMaildir, sleep, startSmtp, startStack, stopAll, waitForStatus } = require('./support');

const IN_BETWEEN = ['created', 'sending'];

describe('SMTP outage', () => {
  let stack;
  let client;

  before(async () => {
    stack = await startStack({
      serviceName: 'Service d’essai Québec',
      template: { name: 'panne', subject: 'Avis pour ((name))', body: 'Bonjour ((name)), voici un avis.' },
      retryBase: 0.2,
    });
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(stopAll);

  it('accepts while the SMTP server is down and delivers once it is back', async () => {
    const { port, maildir } = stack.smtp;
    const stopped = await stack.smtp.stop();
    assert.ok(stopped.code !== null || stopped.signal !== null, 'the SMTP server has stopped');

    const response = await client.sendEmail(stack.template.id, 'panne@example.com', {
      personalisation: { name: 'Zoé' },
      reference: 'outage',
    });
    assert.equal(response.status, 201);
    const id = response.data.id;

    // For a while (several retries at --retry-base 0.2: after 0.2, 0.4, 0.8 s) it stays in between.
    const seen = new Set();
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const { status } = (await client.getNotificationById(id)).data;
      seen.add(status);
      assert.ok(IN_BETWEEN.includes(status), `status during the outage is ${status}`);
      await sleep(100);
    }
    assert.ok(seen.has('sending') || seen.has('created'));
    assert.deepEqual(readMaildir(maildir), [], 'nothing reached the Maildir during the outage');

    stack.smtp = await startSmtp({ port, maildir });
    assert.equal(stack.smtp.port, port);

    const notification = await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    assert.equal(notification.email_address, 'panne@example.com');
    assert.equal(notification.subject, 'Avis pour Zoé');

    const messages = readMaildir(maildir);
    const ours = messages.filter((m) => (m.message_id || '').includes(id));
    assert.equal(ours.length, 1, `stored ${ours.length} copies of ${id}`);
    assert.equal(messages.length, 1, 'the Maildir holds only that message');
    assert.equal(ours[0].envelope_to, 'panne@example.com');
    assert.equal(ours[0].subject, 'Avis pour Zoé');
    assert.ok(ours[0].text.includes('Bonjour Zoé, voici un avis.'), ours[0].text);
  });
});
