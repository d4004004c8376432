'use strict';
// An attached file reaches the SMTP server with its name and type; a text message sent through
// notifications-node-client lands in the SMS outbox with the service's prefix.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const { cli, readMaildir, startStack, stopAll, waitForStatus } = require('./support');

const PDF = Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n', 'latin1');

describe('attachments and text messages', () => {
  let stack;
  let client;

  before(async () => {
    stack = await startStack({ serviceName: 'Santé publique', emailFrom: 'sante' });
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(stopAll);

  it('attaches a file with its name and detected type', async () => {
    const response = await client.sendEmail(stack.template.id, 'zoe@example.com', {
      personalisation: {
        name: 'Zoé',
        letter: { file: PDF.toString('base64'), filename: 'lettre d’accueil.pdf', sending_method: 'attach' },
      },
    });
    assert.equal(response.status, 201);
    const id = response.data.id;
    await waitForStatus(client, id, ['delivered'], { serve: stack.serve });

    const [message] = readMaildir(stack.smtp.maildir).filter((m) => (m.message_id || '').includes(id));
    assert.ok(message, 'the SMTP server stored the message');
    assert.equal(message.content_type, 'multipart/mixed');
    assert.equal(message.attachments.length, 1);
    assert.equal(message.attachments[0].filename, 'lettre d’accueil.pdf');
    assert.equal(message.attachments[0].content_type, 'application/pdf');
    assert.deepEqual(Buffer.from(message.attachments[0].data, 'base64'), PDF);
    assert.ok(message.text.includes('Hello Zoé'), message.text);
  });

  it('refuses a file type that is not allowed, and stores nothing', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)]);
    const before = readMaildir(stack.smtp.maildir).length;
    await assert.rejects(
      client.sendEmail(stack.template.id, 'zoe@example.com', {
        personalisation: {
          name: 'Zoé',
          archive: { file: zip.toString('base64'), filename: 'a.zip', sending_method: 'attach' },
        },
      }),
      (error) => {
        assert.equal(error.response.status, 400);
        assert.match(error.response.data.errors[0].message, /^Unsupported document type '/);
        return true;
      },
    );
    const list = await client.getNotifications('email');
    assert.ok(list.data.notifications.every((n) => n.status !== 'created'));
    assert.equal(readMaildir(stack.smtp.maildir).length, before);
  });

  it('sends a text message to the outbox with the service name in front', async () => {
    const template = cli(stack.dataDir, [
      'template', 'create', '--service', stack.service.id, '--type', 'sms', '--name', 'Code',
      '--body', 'Votre code est ((code)). Il expire dans 10 minutes.',
    ]);
    const response = await client.sendSms(template.id, '613 555 0142', {
      personalisation: { code: '4821' },
      reference: 'sms-1',
    });
    assert.equal(response.status, 201);
    assert.equal(response.data.content.body, 'Votre code est 4821. Il expire dans 10 minutes.');
    assert.equal(response.data.content.from_number, 'MISSIVE');
    const id = response.data.id;
    const sent = await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    assert.equal(sent.type, 'sms');
    assert.equal(sent.phone_number, '613 555 0142');

    const outbox = path.join(stack.dataDir, 'outbox', 'sms.jsonl');
    const lines = fs.readFileSync(outbox, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const line = lines.find((entry) => entry.id === id);
    assert.ok(line, `the outbox holds ${id}`);
    assert.equal(line.to, '+16135550142');
    assert.equal(line.text, 'Santé publique: Votre code est 4821. Il expire dans 10 minutes.');
    assert.equal(line.fragments, 1);
  });
});
