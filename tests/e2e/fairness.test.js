'use strict';
// Per-service fair queuing: while one service has a batch of 50,000 emails waiting, another
// service's single email is delivered after only a handful of the batch (those the delivery
// threads had already taken), not after the whole batch. The measure is a count of messages, not
// a time; the wait in milliseconds is printed for information.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { after, describe, it } = require('node:test');

const {
  createEmailTemplate,
  createKey,
  createService,
  makeTempDir,
  notifyToken,
  pollUntil,
  startServe,
  startSmtp,
  stopAll,
} = require('./support');

const BATCH = 50000;
// Delivery threads (4) times the notifications each claims at a time (8), twice over: what the
// threads may hold, or be about to take, when the single email arrives.
const MOST_AHEAD = 64;
const QUEUE_DB = path.join(__dirname, 'queue_db.py');

function queueDb(dataDir, ...args) {
  const out = execFileSync('/usr/bin/python3', [QUEUE_DB, path.join(dataDir, 'missive.db'), ...args],
    { encoding: 'utf8', timeout: 120000 });
  return JSON.parse(out);
}

async function sendEmail(url, key, templateId, to) {
  const response = await fetch(`${url}/v2/notifications/email`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${notifyToken(key)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email_address: to, template_id: templateId }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text).id;
}

function setUpService(dataDir, name) {
  const service = createService(dataDir, { name, emailFrom: name.toLowerCase() });
  const key = createKey(dataDir, service.id).key;
  const template = createEmailTemplate(dataDir, service.id, {
    name, subject: `${name} notice`, body: 'Hello',
  });
  return { service, key, template };
}

describe('fair queuing between services', () => {
  after(stopAll);

  it("delivers one service's single email ahead of another service's large batch", async () => {
    const dataDir = makeTempDir('fairness');
    const smtp = await startSmtp();
    const bulk = setUpService(dataDir, 'Bulk');
    const single = setUpService(dataDir, 'Single');
    const serve = await startServe({ dataDir, smtpPort: smtp.port });

    const seed = await sendEmail(serve.url, bulk.key, bulk.template.id, 'batch@example.com');
    assert.equal(queueDb(dataDir, 'clone', seed, String(BATCH)).cloned, BATCH);
    const id = await sendEmail(serve.url, single.key, single.template.id, 'one@example.com');

    await pollUntil(
      async () => {
        const response = await fetch(`${serve.url}/v2/notifications/${id}`, {
          headers: { Authorization: `Bearer ${notifyToken(single.key)}` },
        });
        const body = await response.json();
        return body.status === 'delivered' ? body : undefined;
      },
      { timeoutMs: 60000, describe: () => serve.log() },
    );

    const race = queueDb(dataDir, 'race', bulk.service.id, id);
    console.log(`single email waited ${race.wait_ms} ms; ${race.delivered_meanwhile} of the ` +
      `batch went first; ${race.still_in_flight} of ${BATCH} still queued`);
    assert.ok(race.delivered_meanwhile <= MOST_AHEAD,
      `${race.delivered_meanwhile} of the batch were delivered first`);
    assert.ok(race.still_in_flight > BATCH / 2, 'the batch should still be mostly queued');
  });
});
