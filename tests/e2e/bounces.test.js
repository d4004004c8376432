'use strict';
// Bounces and complaints: Missive sends with a VERP envelope sender to the test SMTP server; a
// second SMTP server (aiosmtpd storing a Maildir, as the bounce address's mail server would) takes
// the delivery report and the abuse complaint that come back, and `missive serve --bounce-maildir`
// reads that Maildir: the status becomes permanent-failure, and the delivery-status and complaint
// callbacks reach the service's endpoint.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const {
  cli, makeTempDir, pollUntil, readMaildir, startSmtp, startStack, stopAll, waitForStatus,
} = require('./support');

const PYTHON = '/usr/bin/python3';
const SEND_MAIL = path.join(__dirname, 'send_mail.py');
const BOUNCE_ADDRESS = 'bounces@example.ca';
const TOKEN = 'jeton-des-plaintes-0123456789';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

// An HTTP server on 127.0.0.1 that records every JSON body POSTed to it and answers 200.
function startReceiver() {
  const bodies = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push({
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/rappels`,
        bodies,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// Hands `message` to the bounce mailbox's SMTP server, as a remote mail server would.
function deliverToBounceMailbox(port, rcptTo, message) {
  execFileSync(PYTHON, [SEND_MAIL, String(port), '', rcptTo], {
    input: message.replace(/\n/g, '\r\n'),
    timeout: 15000,
  });
}

// A Postfix-shaped delivery status notification: the recipient's server refused with 550 5.1.1.
function hardBounce(verp, recipient, messageId) {
  return [
    'From: MAILER-DAEMON@mx.example.com (Mail Delivery System)',
    `To: ${verp}`,
    'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="4C1D2E.1796401300/mx.example.com"',
    '',
    '--4C1D2E.1796401300/mx.example.com',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `<${recipient}>: host mx.example.com said: 550 5.1.1 User unknown`,
    '',
    '--4C1D2E.1796401300/mx.example.com',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected`,
    '',
    '--4C1D2E.1796401300/mx.example.com',
    'Content-Type: text/rfc822-headers',
    '',
    `To: ${recipient}`,
    `Message-ID: ${messageId}`,
    '',
    '--4C1D2E.1796401300/mx.example.com--',
    '',
  ].join('\n');
}

// An abuse report in the Abuse Reporting Format, sent by a mailbox provider's feedback loop.
function complaint(verp, recipient, messageId) {
  return [
    'From: Feedback Loop <fbl@mailbox.example.com>',
    `To: ${verp}`,
    'Subject: Abuse report',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="fbl-1"',
    '',
    '--fbl-1',
    'Content-Type: text/plain',
    '',
    'A recipient marked this message as spam.',
    '',
    '--fbl-1',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: ExampleFBL/2.1',
    'Version: 1',
    `Original-Mail-From: <${verp}>`,
    `Original-Rcpt-To: <${recipient}>`,
    'Arrival-Date: Fri, 04 Dec 2026 16:21:35 +0000',
    '',
    '--fbl-1',
    'Content-Type: text/rfc822-headers',
    '',
    `To: ${recipient}`,
    `Message-ID: ${messageId}`,
    '',
    '--fbl-1--',
    '',
  ].join('\n');
}

describe('bounces and complaints from the bounce Maildir', () => {
  let stack;
  let client;
  let receiver;
  let bounceSmtp;
  let bounceMaildir;

  before(async () => {
    receiver = await startReceiver();
    bounceMaildir = path.join(makeTempDir('bounces'), 'maildir');
    bounceSmtp = await startSmtp({ maildir: bounceMaildir });
    stack = await startStack({
      serviceName: 'Service des avis',
      template: { name: 'avis', subject: 'Avis pour ((name))', body: 'Bonjour ((name))' },
      callbackRetry: 0.5,
      serveArgs: [
        '--bounce-address', BOUNCE_ADDRESS,
        '--bounce-maildir', bounceMaildir,
        '--bounce-poll-seconds', '0.2',
      ],
    });
    for (const type of ['delivery-status', 'complaint']) {
      cli(stack.dataDir, [
        'callback', 'set', '--service', stack.service.id, '--url', receiver.url,
        '--token', TOKEN, '--type', type,
      ]);
    }
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(async () => {
    await stopAll();
    if (receiver) await receiver.close();
  });

  const describeState = () =>
    `callbacks: ${JSON.stringify(receiver.bodies, null, 1)}\n` +
    `--- missive serve log ---\n${stack.serve.log()}`;

  // Sends an email, waits until the SMTP server has it, and returns its id and stored copy.
  async function sendAndReceive(to, reference) {
    const response = await client.sendEmail(stack.template.id, to, {
      personalisation: { name: 'Zoé' },
      reference,
    });
    const { id } = response.data;
    await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    const sent = readMaildir(stack.smtp.maildir).find((m) => m.message_id.includes(id));
    assert.ok(sent, `the SMTP server has ${id}`);
    return { id, sent };
  }

  it('sends with the VERP envelope sender and turns a hard bounce into permanent-failure', async () => {
    const to = 'zoe.absente@example.com';
    const { id, sent } = await sendAndReceive(to, 'dossier-17');
    const verp = `bounces+${id}@example.ca`;
    assert.equal(sent.envelope_from, verp);
    assert.notEqual(sent.from_address, verp, 'the From header is unchanged');

    deliverToBounceMailbox(bounceSmtp.port, verp, hardBounce(verp, to, sent.message_id));

    const notification = await waitForStatus(client, id, ['permanent-failure'], {
      serve: stack.serve,
    });
    assert.equal(notification.provider_response, null);
    const report = await pollUntil(
      () => receiver.bodies.find((r) => r.body.id === id && r.body.status === 'permanent-failure'),
      { describe: describeState },
    );
    assert.equal(report.authorization, `Bearer ${TOKEN}`);
    assert.equal(report.body.status_description, 'No such address');
    assert.equal(report.body.reference, 'dossier-17');
    assert.equal(report.body.to, to);

    const filed = await pollUntil(() => {
      const cur = fs.readdirSync(path.join(bounceMaildir, 'cur'));
      return cur.length > 0 ? cur : undefined;
    });
    assert.ok(filed.every((name) => name.endsWith(':2,S')), filed.join(', '));
    assert.deepEqual(fs.readdirSync(path.join(bounceMaildir, 'new')), []);
  });

  it('sends the complaint callback for an abuse report and keeps the email delivered', async () => {
    const to = 'marc.mecontent@example.com';
    const { id, sent } = await sendAndReceive(to, 'dossier-18');
    const verp = `bounces+${id}@example.ca`;

    deliverToBounceMailbox(bounceSmtp.port, verp, complaint(verp, to, sent.message_id));

    const report = await pollUntil(
      () => receiver.bodies.find((r) => r.body.notification_id === id),
      { describe: describeState },
    );
    assert.equal(report.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(Object.keys(report.body), [
      'notification_id', 'complaint_id', 'reference', 'to', 'complaint_date',
    ]);
    assert.equal(report.body.reference, 'dossier-18');
    assert.equal(report.body.to, to);
    assert.equal(report.body.complaint_date, '2026-12-04T16:21:35.000000Z');
    assert.match(report.body.complaint_date, TIMESTAMP);
    assert.match(report.body.complaint_id, /^[0-9a-f-]{36}$/);
    const notification = (await client.getNotificationById(id)).data;
    assert.equal(notification.status, 'delivered');
  });

  it('moves a message that is not a report to failed/ and changes nothing', async () => {
    const { id } = await sendAndReceive('anne@example.com', 'dossier-19');
    const verp = `bounces+${id}@example.ca`;
    const autoreply = [
      'From: anne@example.com',
      `To: ${verp}`,
      'Subject: Absent du bureau',
      '',
      'Je serai de retour lundi.',
      '',
    ].join('\n');

    deliverToBounceMailbox(bounceSmtp.port, verp, autoreply);

    const failed = await pollUntil(() => {
      const dir = path.join(bounceMaildir, 'failed');
      const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      return names.length > 0 ? names : undefined;
    }, { describe: describeState });
    assert.equal(failed.length, 1);
    const kept = fs.readFileSync(path.join(bounceMaildir, 'failed', failed[0]), 'utf8');
    assert.match(kept, /Je serai de retour lundi/);
    const notification = (await client.getNotificationById(id)).data;
    assert.equal(notification.status, 'delivered');
  });
});
