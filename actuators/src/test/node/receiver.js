// A remediation hook receiver written against the reference Standard Webhooks package, as an
// operator would write one (docs/remediation.md walks through it). HookReceiverIT starts it.
//
// It checks every delivery's signature, deduplicates on the event id (a retried delivery is
// answered with the first outcome and applied once), and behaves as the action's `mode` parameter
// says: done (200 with the outcome), fail-once (503 first, so Sextant retries), callback (202, then
// the outcome signed to the callback URL; a forged and a replayed callback are sent too, to show
// they are refused), garbage, refuse (400), hang (never answers).
//
// Each line on stdout is one JSON record of what it saw, for the test to read.
'use strict';
const http = require('http');
const { Webhook } = require('standardwebhooks');

const hook = new Webhook(process.env.HOOK_SECRET);
const forger = new Webhook(process.env.WRONG_SECRET);
const events = new Map(); // event id -> { deliveries, outcome }

function record(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

async function post(url, msgId, body, signer) {
  const now = new Date();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signer.sign(msgId, now, body),
    },
    body,
  });
  return res.status;
}

async function reportLater(event) {
  const body = JSON.stringify({ id: event.id, outcome: 'done', detail: 'applied by the receiver' });
  const msgId = 'cb-' + event.id;
  record({ kind: 'callback', attempt: 'forged', status: await post(event.data.callback, msgId + '-x', body, forger) });
  record({ kind: 'callback', attempt: 'signed', status: await post(event.data.callback, msgId, body, hook) });
  record({ kind: 'callback', attempt: 'replayed', status: await post(event.data.callback, msgId, body, hook) });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = hook.verify(body, req.headers); // throws on a missing, wrong or stale signature
    } catch (e) {
      record({ kind: 'refused', reason: e.message });
      res.writeHead(401);
      res.end(e.message);
      return;
    }
    const seen = events.get(event.id) || { deliveries: 0, outcome: null };
    seen.deliveries += 1;
    events.set(event.id, seen);
    const mode = event.data.action.params.mode || 'done';
    record({ kind: 'delivery', webhookId: req.headers['webhook-id'], id: event.id, type: event.type,
      subject: event.subject, mode, delivery: seen.deliveries });
    if (seen.outcome) { // idempotency: the same id gets the same answer, and nothing is done twice
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(seen.outcome));
      return;
    }
    switch (mode) {
      case 'fail-once':
        if (seen.deliveries === 1) {
          res.writeHead(503);
          res.end('busy');
          return;
        }
        break;
      case 'hang':
        return; // never answers: Sextant's timeout fires
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>OK</html>');
        return;
      case 'refuse':
        res.writeHead(400);
        res.end('unknown target ' + event.subject);
        return;
      case 'callback':
        res.writeHead(202);
        res.end();
        setTimeout(() => reportLater(event).catch((e) => record({ kind: 'error', reason: String(e) })), 50);
        return;
    }
    // A real receiver changes the infrastructure here; this one changes nothing, on purpose.
    seen.outcome = { outcome: 'done', detail: event.type + ' ' + event.subject };
    record({ kind: 'applied', id: event.id });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(seen.outcome));
  });
});

server.listen(0, '127.0.0.1', () => record({ kind: 'listening', port: server.address().port }));
process.stdin.on('end', () => process.exit(0)); // the test's end closes stdin
process.stdin.resume();
