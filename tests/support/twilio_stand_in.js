'use strict';
// A local stand-in for Twilio's Messages REST resource, for tests. It speaks Twilio's wire format:
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth (account SID and auth
// token) and a form body (To, From or MessagingServiceSid, Body, StatusCallback), answered with
// 201 and the message resource as JSON (sid "SM" + 32 hex digits, status "queued"), or with
// Twilio's error JSON {code, message, more_info, status}. After accepting a message it posts the
// status callbacks Twilio would (sent, then delivered, undelivered or failed), form-encoded and
// signed with X-Twilio-Signature. Tests can make it refuse numbers, report failures for numbers,
// or answer every request with an error for a while. Every request and callback is recorded.
//
// As a module:
//   const twilio = new TwilioStandIn({ accountSid: 'AC...', authToken: 'secret' });
//   await twilio.start();            // twilio.port
//   twilio.fail({ status: 503 });    // until twilio.clearFailure()
//   twilio.messages                  // the messages it accepted
// As a program (the first line on stdout is the port):
//   node twilio_stand_in.js --account AC... --token secret [--port 0]
// and then over HTTP on the same port:
//   GET  /_stand-in/requests   every Messages request and callback, as JSON
//   POST /_stand-in/fail       JSON {status, code, message, count}: answer the next `count`
//                              requests (all, without count) with that error
//   POST /_stand-in/clear      back to normal
//   POST /_stand-in/refuse     JSON {to, status, code, message}: refuse messages to `to`
//   POST /_stand-in/report     JSON {to, status, errorCode}: report that final status for `to`

const crypto = require('node:crypto');
const http = require('node:http');

const API_VERSION = '2010-04-01';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

// Twilio's request signature: HMAC-SHA1 of the URL followed by the sorted POST parameters, each
// name then value, keyed by the auth token, in base64.
function twilioSignature(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

function errorBody(status, code, message) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

// Message parts as a carrier counts them: GSM-7 text 160 characters alone or 153 per part,
// anything else 70 alone or 67 per part.
function segments(body) {
  const gsm = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅå_ÆæßÉ!"#%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[\]~|€]*$/;
  const length = [...body].length;
  const [single, part] = gsm.test(body) ? [160, 153] : [70, 67];
  return String(length <= single ? 1 : Math.ceil(length / part));
}

function rfc2822(date) {
  return date.toUTCString().replace('GMT', '+0000');
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

class TwilioStandIn {
  constructor({ accountSid, authToken, host = '127.0.0.1', port = 0, reportDelayMs = 20 } = {}) {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.host = host;
    this.requestedPort = port;
    this.reportDelayMs = reportDelayMs;
    this.requests = []; // every Messages request: { at, form, status }
    this.messages = []; // the accepted ones: the resource as answered, plus statusCallback
    this.callbacks = []; // every status callback posted: { url, params, status }
    this.refusals = new Map(); // to -> { status, code, message }
    this.reports = new Map(); // to -> { status, errorCode }
    this.failure = null; // { status, code, message, remaining }
    this.autoReport = true; // false: no status callbacks unless postStatus is called
    this.pending = new Set();
  }

  async start() {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(errorBody(500, 20500, String(error))));
      });
    });
    await new Promise((resolve) => this.server.listen(this.requestedPort, this.host, resolve));
    this.port = this.server.address().port;
    this.url = `http://${this.host}:${this.port}`;
    return this.port;
  }

  async stop() {
    if (!this.server) return;
    await Promise.allSettled([...this.pending]);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }

  // Answers the next `count` Messages requests (every one, when count is undefined) with `status`
  // and Twilio's error JSON.
  fail({ status = 503, code, message, count } = {}) {
    this.failure = {
      status,
      code: code ?? 20000 + status,
      message: message ?? http.STATUS_CODES[status] ?? 'Error',
      remaining: count ?? Infinity,
    };
  }

  clearFailure() {
    this.failure = null;
  }

  // Refuses messages to `to` as Twilio does, e.g. 21211 (invalid number), 21610 (opted out).
  refuse(to, { status = 400, code = 21211, message } = {}) {
    this.refusals.set(to, {
      status,
      code,
      message: message ?? `The 'To' number ${to} is not a valid phone number.`,
    });
  }

  // Reports `status` ('undelivered', 'failed') with `errorCode` for messages to `to`.
  report(to, { status, errorCode }) {
    this.reports.set(to, { status, errorCode: String(errorCode) });
  }

  async handle(request, response) {
    const body = await readBody(request);
    const path = request.url.split('?')[0];
    if (path.startsWith('/_stand-in/')) return this.control(request, path, body, response);
    const match = MESSAGES_PATH.exec(path);
    if (!match || request.method !== 'POST') {
      return this.answer(response, 404, errorBody(404, 20404, `The requested resource ${path} was not found`));
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    const record = { at: new Date().toISOString(), form, status: 0 };
    this.requests.push(record);
    const [status, json] = this.messagesAnswer(request, decodeURIComponent(match[1]), form);
    record.status = status;
    this.answer(response, status, json);
    if (status === 201 && this.autoReport) this.schedule(this.sendReports(json, form));
  }

  // The status and JSON Twilio would answer a Messages POST with.
  messagesAnswer(request, accountSid, form) {
    const [scheme, encoded] = (request.headers.authorization || '').split(' ');
    const [user, ...rest] = Buffer.from(encoded || '', 'base64').toString('utf8').split(':');
    if (scheme !== 'Basic' || user !== this.accountSid || rest.join(':') !== this.authToken) {
      return [401, errorBody(401, 20003, 'Authenticate')];
    }
    if (accountSid !== this.accountSid) {
      return [404, errorBody(404, 20404, `The requested resource /${API_VERSION}/Accounts/${accountSid}/Messages.json was not found`)];
    }
    if (this.failure) {
      const { status, code, message } = this.failure;
      if (--this.failure.remaining <= 0) this.failure = null;
      return [status, errorBody(status, code, message)];
    }
    if (!form.To) return [400, errorBody(400, 21604, "A 'To' phone number is required.")];
    if (!form.Body) return [400, errorBody(400, 21602, 'Message body is required.')];
    if (!form.From && !form.MessagingServiceSid) {
      return [400, errorBody(400, 21603, "A 'From' phone number is required.")];
    }
    const refusal = this.refusals.get(form.To);
    if (refusal) return [refusal.status, errorBody(refusal.status, refusal.code, refusal.message)];
    return [201, this.accept(form)];
  }

  accept(form) {
    const sid = `SM${crypto.randomBytes(16).toString('hex')}`;
    const now = rfc2822(new Date());
    const message = {
      account_sid: this.accountSid,
      api_version: API_VERSION,
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From || null,
      messaging_service_sid: form.MessagingServiceSid || null,
      num_media: '0',
      num_segments: segments(form.Body),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: {
        media: `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}/Media.json`,
      },
      to: form.To,
      uri: `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}.json`,
    };
    this.messages.push({ ...message, statusCallback: form.StatusCallback || null });
    return message;
  }

  // Posts "sent" and then the final status to the message's StatusCallback, one after the other.
  async sendReports(message, form) {
    if (!form.StatusCallback) return;
    await new Promise((resolve) => setTimeout(resolve, this.reportDelayMs));
    await this.postStatus(form.StatusCallback, message, 'sent');
    const final = this.reports.get(message.to) || { status: 'delivered' };
    await this.postStatus(form.StatusCallback, message, final.status, final.errorCode);
  }

  // The form fields of a status callback about `message`, as Twilio sends them.
  statusParams(message, status, errorCode) {
    const params = {
      AccountSid: this.accountSid,
      ApiVersion: API_VERSION,
      MessageSid: message.sid,
      MessageStatus: status,
      SmsSid: message.sid,
      SmsStatus: status,
      To: message.to,
    };
    if (message.from) params.From = message.from;
    if (message.messaging_service_sid) params.MessagingServiceSid = message.messaging_service_sid;
    if (errorCode) params.ErrorCode = String(errorCode);
    return params;
  }

  // Posts one status callback, signed as Twilio signs it (or with `signature` instead); resolves
  // with the HTTP status it got.
  async postStatus(url, message, status, errorCode, { signature } = {}) {
    const params = this.statusParams(message, status, errorCode);
    const record = { url, params, status: 0 };
    this.callbacks.push(record);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'User-Agent': 'TwilioProxy/1.1',
          'X-Twilio-Signature': signature ?? twilioSignature(this.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(5000),
      });
      record.status = response.status;
    } catch (error) {
      record.status = -1;
      record.error = String(error);
    }
    return record.status;
  }

  schedule(promise) {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise));
  }

  control(request, path, body, response) {
    const json = body ? JSON.parse(body) : {};
    if (path === '/_stand-in/requests' && request.method === 'GET') {
      const { requests, messages, callbacks } = this;
      return this.answer(response, 200, { requests, messages, callbacks });
    }
    if (request.method !== 'POST') return this.answer(response, 405, {});
    if (path === '/_stand-in/fail') this.fail(json);
    else if (path === '/_stand-in/clear') this.clearFailure();
    else if (path === '/_stand-in/refuse') this.refuse(json.to, json);
    else if (path === '/_stand-in/report') this.report(json.to, json);
    else return this.answer(response, 404, {});
    return this.answer(response, 200, {});
  }

  answer(response, status, json) {
    const headers = { 'Content-Type': 'application/json; charset=utf-8' };
    if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="Twilio API"';
    response.writeHead(status, headers);
    response.end(JSON.stringify(json));
  }
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const standIn = new TwilioStandIn({
    accountSid: option('--account', 'AC00000000000000000000000000000000'),
    authToken: option('--token', 'secret'),
    port: Number(option('--port', '0')),
  });
  await standIn.start();
  process.stdout.write(`${standIn.port}\n`);
  const stop = () => standIn.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { TwilioStandIn, twilioSignature };
