'use strict';
// Sending through notifications-node-client to a real SMTP server: French text end to end,
// isolation between services, and a recipient the SMTP server refuses for good.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const {
  createEmailTemplate,
  createKey,
  createService,
  makeTempDir,
  readMaildir,
  startStack,
  stopAll,
  waitForStatus,
} = require('./support');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SERVICE_NAME = 'Service d’essai Québec';
const EMAIL_FROM = 'essai.quebec';
const FROM_ADDRESS = `${EMAIL_FROM}@notifications.localhost`;
const TEMPLATE = {
  name: 'Accusé de réception',
  subject: 'Réponse à votre demande, ((name))',
  body: 'Bonjour ((name)),\n\nVotre demande a été reçue.\n\nÀ bientôt',
};
const RECIPIENT = 'zoe.tremblay@example.com';
const FILLED_SUBJECT = 'Réponse à votre demande, Zoé';
const FILLED_BODY = 'Bonjour Zoé,\n\nVotre demande a été reçue.\n\nÀ bientôt';

const NAMED_ENTITIES = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', Agrave: 'À', ccedil: 'ç', ocirc: 'ô',
};

// Enough HTML unescaping to compare text that may have been written with entities.
function unescapeHtml(html) {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X'
        ? parseInt(name.slice(2), 16)
        : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

// The rejection of a node client promise, for asserting on err.response.
async function rejectionOf(promise) {
  try {
    const response = await promise;
    assert.fail(`expected the request to fail, got HTTP ${response.status}`);
  } catch (error) {
    if (!error.response) throw error;
    return error;
  }
}

describe('email delivery through notifications-node-client', () => {
  let stack;
  let client;

  before(async () => {
    stack = await startStack({ serviceName: SERVICE_NAME, emailFrom: EMAIL_FROM, template: TEMPLATE });
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(stopAll);

  it('sends French text with accents intact, from the service, and ends delivered', async () => {
    const { url } = stack.serve;
    const templateId = stack.template.id;
    const response = await client.sendEmail(templateId, RECIPIENT, {
      personalisation: { name: 'Zoé' },
      reference: 'ref-1',
    });

    assert.equal(response.status, 201);
    const created = response.data;
    assert.match(created.id, UUID);
    const id = created.id;
    assert.equal(created.reference, 'ref-1');
    assert.equal(created.uri, `${url}/v2/notifications/${id}`);
    assert.deepEqual(created.template, {
      id: templateId,
      version: 1,
      uri: `${url}/v2/template/${templateId}/version/1`,
    });
    assert.equal(created.scheduled_for, null);
    assert.equal(created.content.subject, FILLED_SUBJECT);
    assert.equal(created.content.body, FILLED_BODY);
    assert.equal(created.content.from_email, FROM_ADDRESS);

    const notification = await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    assert.equal(notification.id, id);
    assert.equal(notification.type, 'email');
    assert.equal(notification.email_address, RECIPIENT);
    assert.equal(notification.reference, 'ref-1');
    assert.equal(notification.subject, FILLED_SUBJECT);
    assert.equal(notification.body, FILLED_BODY);
    assert.equal(notification.template.id, templateId);
    assert.equal(notification.template.version, 1);
    assert.equal(typeof notification.created_at, 'string');
    assert.equal(typeof notification.sent_at, 'string');

    const messages = readMaildir(stack.smtp.maildir).filter((m) => (m.message_id || "").includes(id));
    assert.equal(messages.length, 1, 'the SMTP server stored the message exactly once');
    const [message] = messages;
    assert.equal(message.envelope_to, RECIPIENT);
    assert.equal(message.to, RECIPIENT);
    assert.equal(message.subject, FILLED_SUBJECT);
    // Sent to a server without SMTPUTF8: non-ASCII header text travels as RFC 2047 encoded words.
    assert.match(message.raw_subject, /^[\x20-\x7e\r\n\t]*$/);
    assert.match(message.raw_subject, /=\?utf-8\?[bq]\?/i);
    assert.equal(message.from_name, SERVICE_NAME);
    assert.equal(message.from_address, FROM_ADDRESS);
    assert.equal(message.message_id, `<${id}@notifications.localhost>`);

    assert.equal(message.content_type, 'multipart/alternative');
    assert.ok(message.text, 'there is a text/plain part');
    assert.ok(message.text.includes('Bonjour Zoé,'), message.text);
    assert.ok(message.text.includes('Votre demande a été reçue.'), message.text);
    assert.ok(message.text.includes('À bientôt'), message.text);
    assert.ok(!message.text.includes('(('), 'no placeholder is left in the text part');

    assert.equal(message.html_type, 'text/html');
    assert.match(message.html, /<(p|html|body|div|table)[\s>]/i, 'the html part is HTML');
    const htmlText = unescapeHtml(message.html);
    assert.ok(htmlText.includes('Bonjour Zoé'), message.html);
    assert.ok(htmlText.includes('Votre demande a été reçue.'), message.html);
    assert.ok(htmlText.includes('À bientôt'), message.html);
    assert.ok(!htmlText.includes('(('), 'no placeholder is left in the html part');
  });

  it('sends to an internationalised domain in its ASCII (xn--) form', async () => {
    const response = await client.sendEmail(stack.template.id, 'idn@exämple.com', {
      personalisation: { name: 'Zoé' },
    });
    assert.equal(response.status, 201);
    const id = response.data.id;
    await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    const stored = readMaildir(stack.smtp.maildir).filter((m) => (m.message_id || '').includes(id));
    assert.equal(stored.length, 1);
    assert.equal(stored[0].envelope_to, 'idn@xn--exmple-cua.com');
    assert.equal(stored[0].to, 'idn@xn--exmple-cua.com');
  });

  it("does not show one service's notification to another service", async () => {
    const first = await client.sendEmail(stack.template.id, 'isolation@example.com', {
      personalisation: { name: 'Zoé' },
    });
    assert.equal(first.status, 201);
    const id = first.data.id;

    const other = createService(stack.dataDir, { name: 'Autre service' });
    const otherKey = createKey(stack.dataDir, other.id, { name: 'other' }).key;
    createEmailTemplate(stack.dataDir, other.id, { name: 'x', subject: 'x', body: 'x' });
    const otherClient = new NotifyClient(stack.serve.url, otherKey);

    const error = await rejectionOf(otherClient.getNotificationById(id));
    assert.equal(error.response.status, 404);
    assert.deepEqual(error.response.data, {
      result: 'error',
      message: 'Notification not found in database',
    });

    // The owner still sees it, so the 404 is about the caller, not about the id.
    const own = await client.getNotificationById(id);
    assert.equal(own.status, 200);
    assert.equal(own.data.id, id);
  });

  it('ends technical-failure with the 550 when the SMTP server refuses the recipient', async () => {
    const response = await client.sendEmail(stack.template.id, 'reject@example.com', {
      personalisation: { name: 'Zoé' },
      reference: 'refus',
    });
    assert.equal(response.status, 201);
    const id = response.data.id;

    const finalStatuses = ['delivered', 'technical-failure', 'permanent-failure', 'temporary-failure'];
    const notification = await waitForStatus(client, id, finalStatuses, { serve: stack.serve });
    assert.equal(notification.status, 'technical-failure');
    assert.equal(typeof notification.provider_response, 'string');
    assert.match(notification.provider_response, /\b550\b/);
    assert.equal(notification.email_address, 'reject@example.com');

    const stored = readMaildir(stack.smtp.maildir).filter(
      (m) => (m.message_id || "").includes(id) || /reject@/.test(m.envelope_to),
    );
    assert.deepEqual(stored, [], 'nothing was stored for the refused recipient');
  });
});

describe('email delivery over STARTTLS with a password', () => {
  let stack;
  let client;

  before(async () => {
    const tlsDir = makeTempDir('tls');
    stack = await startStack({
      serviceName: 'Service TLS',
      emailFrom: 'tls',
      smtpOptions: ['--tls-dir', tlsDir, '--auth', 'missive:s3cret pass'],
      serveArgs: ['--smtp-user', 'missive', '--smtp-password', 's3cret pass',
        '--smtp-ca-file', `${tlsDir}/cert.pem`],
    });
    client = new NotifyClient(stack.serve.url, stack.key);
  });
  after(stopAll);

  it('authenticates under TLS, trusting the certificate of --smtp-ca-file, and delivers', async () => {
    const response = await client.sendEmail(stack.template.id, 'tls@example.com', {
      personalisation: { name: 'Zoé' },
    });
    assert.equal(response.status, 201);
    const id = response.data.id;

    await waitForStatus(client, id, ['delivered'], { serve: stack.serve });
    const stored = readMaildir(stack.smtp.maildir).filter((m) => (m.message_id || '').includes(id));
    assert.equal(stored.length, 1, 'the SMTP server stored the message once');
    assert.equal(stored[0].envelope_to, 'tls@example.com');
  });
});
