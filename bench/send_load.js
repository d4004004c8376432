'use strict';
// bench/send_load.js: sends emails through POST /v2/notifications/email for the delivery
// benchmarks (bench/smtp_sink.sh, bench/handoff_latency.sh). Node's built-ins only.
//
// Two modes:
//   closed loop: --count N --concurrency C      N sends, C outstanding at a time, as fast as the
//                                               server answers
//   open loop:   --rate R --duration S          R sends a second for S seconds, each started at
//                                               its scheduled moment whether or not earlier ones
//                                               have been answered (up to --max-outstanding)
//
// Other options: --url http://127.0.0.1:PORT (required), --key API_KEY (required),
// --template TEMPLATE_ID (required), --scheduled-for ISO_TIME (every send is scheduled for then),
// --ids FILE (writes the id of every 201, one a line), --max-outstanding N (default 2000).
// Each request carries a fresh HS256 JWT (iss = service id, iat = now), as the official clients
// sign them, over keep-alive connections.
//
// Prints "LOAD key=value" lines: sent, created (201s), non_201, errors, duration_s, per_s, the
// client-side latency p50/p95/p99/max in ms, and for the open loop how late the generator started
// sends (lag_p99_ms, lag_max_ms) and the most requests outstanding at once. Exits 1 when any send
// was not a 201.

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');

function parseArgs(argv) {
  const args = { maxOutstanding: 2000 };
  const names = {
    '--url': 'url', '--key': 'key', '--template': 'template', '--count': 'count',
    '--concurrency': 'concurrency', '--rate': 'rate', '--duration': 'duration',
    '--scheduled-for': 'scheduledFor', '--ids': 'ids', '--max-outstanding': 'maxOutstanding',
  };
  for (let i = 2; i < argv.length; i += 2) {
    const name = names[argv[i]];
    if (!name || i + 1 >= argv.length) throw new Error(`unknown or incomplete option ${argv[i]}`);
    args[name] = argv[i + 1];
  }
  for (const required of ['url', 'key', 'template']) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  for (const number of ['count', 'concurrency', 'rate', 'duration', 'maxOutstanding']) {
    if (args[number] !== undefined) args[number] = Number(args[number]);
  }
  const closed = args.count > 0 && args.concurrency > 0;
  const open = args.rate > 0 && args.duration > 0;
  if (closed === open) {
    throw new Error('give either --count and --concurrency, or --rate and --duration');
  }
  args.mode = closed ? 'closed' : 'open';
  return args;
}

function token(apiKey) {
  const secret = apiKey.slice(-36);
  const serviceId = apiKey.slice(-73, -37);
  const encode = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    iss: serviceId,
    iat: Math.floor(Date.now() / 1000),
  })}`;
  return `${unsigned}.${crypto.createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const args = parseArgs(process.argv);
  const url = new URL('/v2/notifications/email', args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const stats = { sent: 0, created: 0, non201: 0, errors: 0, firstProblem: '' };
  const latencies = [];
  const lags = [];
  const ids = [];
  let outstanding = 0;
  let mostOutstanding = 0;
  let skipped = 0;

  function post(index) {
    const body = JSON.stringify({
      email_address: `person${index}@example.com`,
      template_id: args.template,
      personalisation: { name: `Person ${index}`, reference: `REF-${index}` },
      ...(args.scheduledFor ? { scheduled_for: args.scheduledFor } : {}),
    });
    const started = process.hrtime.bigint();
    stats.sent++;
    outstanding++;
    mostOutstanding = Math.max(mostOutstanding, outstanding);
    return new Promise((resolve) => {
      const request = http.request(url, {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token(args.key)}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          outstanding--;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 201) {
            stats.created++;
            ids.push(JSON.parse(text).id);
          } else {
            stats.non201++;
            if (!stats.firstProblem) stats.firstProblem = `${response.statusCode} ${text.slice(0, 200)}`;
          }
          resolve();
        });
      });
      request.on('error', (error) => {
        outstanding--;
        stats.errors++;
        if (!stats.firstProblem) stats.firstProblem = error.message;
        resolve();
      });
      request.end(body);
    });
  }

  const begin = process.hrtime.bigint();
  if (args.mode === 'closed') {
    let next = 0;
    const worker = async () => {
      while (next < args.count) await post(next++);
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
  } else {
    const total = Math.round(args.rate * args.duration);
    const intervalNs = 1e9 / args.rate;
    const pending = [];
    for (let index = 0; index < total; index++) {
      const dueNs = Number(begin) + index * intervalNs;
      let nowNs = Number(process.hrtime.bigint());
      if (dueNs > nowNs + 1e6) {
        await new Promise((resolve) => setTimeout(resolve, (dueNs - nowNs) / 1e6));
        nowNs = Number(process.hrtime.bigint());
      }
      lags.push(Math.max(0, (nowNs - dueNs) / 1e6));
      if (outstanding >= args.maxOutstanding) {
        skipped++;
        continue;
      }
      pending.push(post(index));
    }
    await Promise.all(pending);
  }
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  agent.destroy();
  if (args.ids) fs.writeFileSync(args.ids, ids.length ? `${ids.join('\n')}\n` : '');

  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const line = (name, value) => console.log(`LOAD ${name}=${value}`);
  line('mode', args.mode);
  line('sent', stats.sent);
  line('created', stats.created);
  line('non_201', stats.non201);
  line('errors', stats.errors);
  line('skipped_outstanding_limit', skipped);
  line('duration_s', seconds.toFixed(3));
  line('per_s', (stats.created / seconds).toFixed(1));
  line('latency_p50_ms', percentile(latencies, 50).toFixed(2));
  line('latency_p95_ms', percentile(latencies, 95).toFixed(2));
  line('latency_p99_ms', percentile(latencies, 99).toFixed(2));
  line('latency_max_ms', (latencies[latencies.length - 1] || 0).toFixed(2));
  if (args.mode === 'open') {
    line('lag_p99_ms', percentile(lags, 99).toFixed(2));
    line('lag_max_ms', (lags[lags.length - 1] || 0).toFixed(2));
    line('most_outstanding', mostOutstanding);
  }
  if (stats.firstProblem) line('first_problem', stats.firstProblem.replace(/\s+/g, ' '));
  process.exitCode = stats.non201 || stats.errors || skipped ? 1 : 0;
}

main().catch((error) => {
  console.error(`send_load.js: ${error.message}`);
  process.exitCode = 2;
});
