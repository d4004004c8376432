'use strict';
// kill -9 of the server while accepted emails are still being delivered (600, then 10,000): after
// a restart on the same data directory every accepted notification reaches the SMTP server, and a
// message sent twice (one in the SMTP exchange at the moment of the kill) keeps its Message-ID.

const assert = require('node:assert/strict');
const { after, describe, it } = require('node:test');

const {
  cli,
  createEmailTemplate,
  createKey,
  createService,
  maildirCount,
  maildirMessageIds,
  makeTempDir,
  notifyToken,
  pollUntil,
  startServe,
  startSmtp,
  stopAll,
} = require('./support');

const WORKERS = 4; // serve's default number of delivery threads
const CASES = [
  { sends: 600, parallel: 16 },
  { sends: 10000, parallel: 32 },
];

// POSTs `sends` emails with `parallel` requests outstanding; returns the ids of the 201s.
async function sendAll(url, key, templateId, sends, parallel) {
  const ids = [];
  let next = 0;
  async function worker() {
    while (next < sends) {
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
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}

describe('crash recovery', () => {
  after(stopAll);

  for (const { sends, parallel } of CASES) {
    it(`delivers every one of ${sends} accepted notifications after kill -9 and a restart`, async (t) => {
      const dataDir = makeTempDir('crash');
      const smtp = await startSmtp();
      const service = createService(dataDir, { name: 'Crash test', emailFrom: 'crash' });
      // A live service may send 1,000 requests a minute and 10,000 emails a day by default.
      cli(dataDir, [
        'service', 'update', service.id, '--rate-limit', '1000000', '--email-daily-limit', '1000000',
      ]);
      const key = createKey(dataDir, service.id).key;
      const template = createEmailTemplate(dataDir, service.id, {
        name: 'crash', subject: 'Hello ((name))', body: 'Hello ((name))',
      });
      const options = {
        dataDir, smtpPort: smtp.port, leaseSeconds: 2, retryBase: 0.2, workers: WORKERS,
      };

      const first = await startServe(options);
      const started = Date.now();
      const ids = await sendAll(first.url, key, template.id, sends, parallel);
      first.entry.child.kill('SIGKILL');
      await first.entry.exitPromise;
      const deliveredBeforeRestart = maildirCount(smtp.maildir);
      t.diagnostic(`${sends} accepted in ${Date.now() - started} ms; ` +
        `${deliveredBeforeRestart} at the SMTP server at the kill`);
      assert.ok(deliveredBeforeRestart < sends,
        `the kill came while emails were still in flight (${deliveredBeforeRestart} delivered)`);

      const expected = new Set(ids);
      assert.equal(expected.size, sends, 'every 201 carried its own id');
      const second = await startServe(options);
      const restarted = Date.now();
      const stored = await pollUntil(() => {
        if (maildirCount(smtp.maildir) < sends) return undefined; // cheap: no file read
        const seen = maildirMessageIds(smtp.maildir);
        const distinct = new Set(seen);
        return [...expected].every((id) => distinct.has(id)) ? seen : undefined;
      }, {
        timeoutMs: 300000, // generous: the machine may be busy with other work
        intervalMs: 1000,
        describe: () => `${new Set(maildirMessageIds(smtp.maildir)).size} of ${sends} distinct ` +
          `emails at the SMTP server (${deliveredBeforeRestart} before the restart)\n` +
          `--- missive serve log ---\n${second.log()}`,
      });

      t.diagnostic(`the rest delivered ${Date.now() - restarted} ms after the restart`);

      const perId = new Map();
      for (const id of stored) perId.set(id, (perId.get(id) || 0) + 1);
      for (const id of perId.keys()) assert.ok(expected.has(id), `no unknown message "${id}"`);
      // A message in the SMTP exchange at the kill may be stored but not recorded as sent; each
      // delivery thread has one in hand, and the restart re-sends those with the same Message-ID.
      const duplicates = [...perId.values()].filter((count) => count > 1).length;
      assert.ok(duplicates <= WORKERS * 2,
        `at most the emails in flight at the kill were sent twice (${duplicates})`);
      assert.ok(stored.length - perId.size <= WORKERS * 2, `${stored.length} messages stored`);
    });
  }
});
