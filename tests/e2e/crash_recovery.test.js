'use strict';
// kill -9 of the server while hundreds of accepted emails are still being delivered: after a
// restart on the same data directory every accepted notification reaches the SMTP server, and a
// message sent twice (one in the SMTP exchange at the moment of the kill) keeps its Message-ID.

const assert = require('node:assert/strict');
const { after, describe, it } = require('node:test');

const {
  createEmailTemplate,
  createKey,
  createService,
  makeTempDir,
  notifyToken,
  pollUntil,
  readMaildir,
  startServe,
  startSmtp,
  stopAll,
} = require('./support');

const SENDS = 600;
const PARALLEL = 16;

async function sendAll(url, key, templateId) {
  const ids = [];
  let next = 0;
  async function worker() {
    while (next < SENDS) {
      const index = next++;
      const response = await fetch(`${url}/v2/notifications/email`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${notifyToken(key)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          email_address: `person${index}@example.com`,
          template_id: templateId,
          personalisation: { name: `n${index}` },
        }),
      });
      const text = await response.text();
      assert.equal(response.status, 201, text);
      ids.push(JSON.parse(text).id);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return ids;
}

describe('crash recovery', () => {
  after(stopAll);

  it('delivers every accepted notification after kill -9 and a restart', async () => {
    const dataDir = makeTempDir('crash');
    const smtp = await startSmtp();
    const service = createService(dataDir, { name: 'Crash test', emailFrom: 'crash' });
    const key = createKey(dataDir, service.id).key;
    const template = createEmailTemplate(dataDir, service.id, {
      name: 'crash', subject: 'Hello ((name))', body: 'Hello ((name))',
    });
    const options = { dataDir, smtpPort: smtp.port, leaseSeconds: 2, retryBase: 0.2 };

    const first = await startServe(options);
    const ids = await sendAll(first.url, key, template.id);
    first.entry.child.kill('SIGKILL');
    await first.entry.exitPromise;
    const deliveredBeforeRestart = readMaildir(smtp.maildir).length;
    assert.ok(deliveredBeforeRestart < SENDS, 'the kill came while emails were still in flight');

    await startServe(options);
    const expected = new Set(ids);
    const messages = await pollUntil(() => {
      const stored = readMaildir(smtp.maildir);
      const seen = new Set(stored.map((m) => (m.message_id || '').slice(1, 37)));
      return [...expected].every((id) => seen.has(id)) ? stored : undefined;
    }, {
      timeoutMs: 60000,
      intervalMs: 500,
      describe: () => `${readMaildir(smtp.maildir).length} of ${SENDS} emails at the SMTP server`,
    });

    const perId = new Map();
    for (const message of messages) {
      const id = message.message_id.slice(1, 37);
      perId.set(id, (perId.get(id) || 0) + 1);
    }
    const duplicates = [...perId.values()].filter((count) => count > 1).length;
    assert.ok(duplicates <= 4 * 2, `at most the emails in flight at the kill were sent twice (${duplicates})`);
    for (const id of perId.keys()) assert.ok(expected.has(id), `no unknown message ${id}`);
  });
});
