'use strict';
// Requests the API must refuse, sent with plain fetch: each gets GC Notify's error body and
// creates nothing (no email reaches the SMTP server).

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');
const NotifyClient = require('notifications-node-client').NotifyClient;

const { notifyToken, readMaildir, startStack, stopAll, waitForStatus } = require('./support');

describe('API failure paths', () => {
  let stack;
  let emailUrl;

  const post = (body, headers) =>
    fetch(emailUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(10000) });
  const authorised = () => ({
    'Content-Type': 'application/json',
    Authorization: `Bearer ${notifyToken(stack.key)}`,
  });
  const sendBody = (to) =>
    JSON.stringify({
      email_address: to,
      template_id: stack.template.id,
      personalisation: { name: 'Zoé' },
    });

  before(async () => {
    stack = await startStack({
      serviceName: 'Service des erreurs',
      template: { name: 'erreurs', subject: 'Objet ((name))', body: 'Bonjour ((name))' },
    });
    emailUrl = `${stack.serve.url}/v2/notifications/email`;
  });
  after(stopAll);

  it('answers 400 BadRequestError to a body that is not JSON', async () => {
    const response = await post('{"email_address": "bad-json@example.com", "template_id": ', authorised());
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    const body = await response.json();
    assert.equal(body.status_code, 400);
    assert.equal(body.errors.length, 1);
    assert.equal(body.errors[0].error, 'BadRequestError');
    assert.match(body.errors[0].message, /^Error decoding arguments: Failed to decode JSON object/);
  });

  it('answers 400 ValidationError when template_id is missing', async () => {
    const response = await post(
      JSON.stringify({ email_address: 'no-template@example.com', personalisation: { name: 'Zoé' } }),
      authorised(),
    );
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      status_code: 400,
      errors: [{ error: 'ValidationError', message: 'template_id is a required property' }],
    });
  });

  it('answers 401 AuthError without an Authorization header', async () => {
    const response = await post(sendBody('no-auth@example.com'), { 'Content-Type': 'application/json' });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      status_code: 401,
      errors: [{ error: 'AuthError', message: 'Unauthorized, authentication token must be provided' }],
    });
  });

  const NOT_FOUND = {
    result: 'error',
    message:
      'The requested URL was not found on the server. If you entered the URL manually ' +
      'please check your spelling and try again.',
  };

  it('answers 404 in the legacy dialect to an unknown route', async () => {
    const response = await fetch(`${stack.serve.url}/v2/notification/email`, {
      method: 'POST',
      headers: authorised(),
      body: sendBody('unknown-route@example.com'),
      signal: AbortSignal.timeout(10000),
    });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await response.json(), NOT_FOUND);
  });

  // GC Notify routes POST /v2/notifications/<notification_type> to one view that answers
  // abort(404) for a type it does not know, so a typo in the type is a 404, not a 405.
  it('answers 404 to POST /v2/notifications/<unknown type>', async () => {
    const response = await fetch(`${stack.serve.url}/v2/notifications/emails`, {
      method: 'POST',
      headers: authorised(),
      body: sendBody('unknown-type@example.com'),
      signal: AbortSignal.timeout(10000),
    });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), NOT_FOUND);
  });

  it('created nothing for any of them', async () => {
    // A valid send after the refused ones: once it is delivered, anything the refused requests had
    // created (earlier, so due earlier) would have been sent too.
    const client = new NotifyClient(stack.serve.url, stack.key);
    const response = await client.sendEmail(stack.template.id, 'sentinel@example.com', {
      personalisation: { name: 'Zoé' },
    });
    assert.equal(response.status, 201);
    await waitForStatus(client, response.data.id, ['delivered'], { serve: stack.serve });

    const messages = readMaildir(stack.smtp.maildir);
    assert.deepEqual(
      messages.map((m) => m.envelope_to),
      ['sentinel@example.com'],
      'only the valid send reached the SMTP server',
    );
  });
});
