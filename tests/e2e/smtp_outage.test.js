'use strict';
// An SMTP outage of 30 s loses nothing: sends keep being accepted while the SMTP server is down,
// wait in an in-between status, and are each delivered exactly once (one message per Message-ID)
// when the SMTP server is back on the same port.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const {
  maildirMessageIds, pollUntil, readMaildir, sleep, startSmtp, startStack, stopAll, waitForStatus,
} = require('./support');

const IN_BETWEEN = ['created', 'sending'];
const OUTAGE_MS = 30000;
const SENDS_DURING_OUTAGE = 300; // spread over the outage, besides the one checked in detail

describe('SMTP outage', () => {
  let stack;
  let client;

  before(async () => {
    stack = await startStack({
      serviceName: 'Service d’essai Québec',
      template: { name: 'panne', subject: 'Avis pour ((name))', body: 'Bonjour ((name)), voici un avis.' },
      // Retries after 0.2, 0.4, 0.8, 1.6 s, then every 2 s: the outage is ridden out in about 17
      // of the 48 attempts, and the test does not wait long once the server is back.
      retryBase: 0.2,
      retryCap: 2,
    });
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(stopAll);

  it(`accepts during a ${OUTAGE_MS / 1000} s outage and delivers each email once it is back`, async () => {
    const { port, maildir } = stack.smtp;
    const stopped = await stack.smtp.stop();
    assert.ok(stopped.code !== null || stopped.signal !== null, 'the SMTP server has stopped');
    const outageEnds = Date.now() + OUTAGE_MS;

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

    // More sends, spread over the rest of the outage, all accepted.
    const ids = [id];
    const pause = (outageEnds - Date.now() - 1000) / SENDS_DURING_OUTAGE;
    for (let i = 0; i < SENDS_DURING_OUTAGE; i++) {
      const more = await client.sendEmail(stack.template.id, `panne${i}@example.com`, {
        personalisation: { name: `n${i}` },
      });
      assert.equal(more.status, 201);
      ids.push(more.data.id);
      await sleep(pause);
    }
    const { status: oldest } = (await client.getNotificationById(id)).data;
    assert.ok(IN_BETWEEN.includes(oldest), `status late in the outage is ${oldest}`);
    assert.deepEqual(maildirMessageIds(maildir), [], 'nothing reached the Maildir during the outage');
    await sleep(Math.max(0, outageEnds - Date.now()));

    stack.smtp = await startSmtp({ port, maildir });
    assert.equal(stack.smtp.port, port);

    const notification = await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    assert.equal(notification.email_address, 'panne@example.com');
    assert.equal(notification.subject, 'Avis pour Zoé');

    await pollUntil(() => (maildirMessageIds(maildir).length >= ids.length ? true : undefined), {
      timeoutMs: 30000,
      intervalMs: 200,
      describe: () => `${maildirMessageIds(maildir).length} of ${ids.length} emails stored\n` +
        `--- missive serve log ---\n${stack.serve.log()}`,
    });
    for (const each of ids) {
      const { status } = (await waitForStatus(client, each, ['delivered'], { serve: stack.serve }));
      assert.equal(status, 'delivered');
    }

    const stored = maildirMessageIds(maildir);
    const perId = new Map();
    for (const each of stored) perId.set(each, (perId.get(each) || 0) + 1);
    for (const each of ids) assert.equal(perId.get(each), 1, `stored ${perId.get(each)} copies of ${each}`);
    assert.equal(stored.length, ids.length, 'the Maildir holds only those messages');

    const ours = readMaildir(maildir).filter((m) => (m.message_id || '').includes(id));
    assert.equal(ours.length, 1, `stored ${ours.length} copies of ${id}`);
    assert.equal(ours[0].envelope_to, 'panne@example.com');
    assert.equal(ours[0].subject, 'Avis pour Zoé');
    assert.ok(ours[0].text.includes('Bonjour Zoé, voici un avis.'), ours[0].text);
  });
});
