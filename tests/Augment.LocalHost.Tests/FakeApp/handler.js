// A tiny custom handler for the local host's tests (Node.js, no packages). It speaks the custom-handler contract:
// listens on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT, answers GET /, and serves POST /{FunctionName}. Every
// invocation (path, headers, body) is appended as one JSON line to $FAKE_LOG, so tests can assert on what the host sent.
const http = require('http');
const fs = require('fs');

const port = Number(process.env.FUNCTIONS_CUSTOMHANDLER_PORT);
const log = process.env.FAKE_LOG;
if (process.env.FAKE_EXIT_AT_START) {
  console.error('fake handler: refusing to start (' + process.env.FAKE_EXIT_AT_START + ')');
  process.exit(3);
}

function record(entry) {
  if (log) fs.appendFileSync(log, JSON.stringify(entry) + '\n');
}

function reply(res, status, body, headers) {
  res.writeHead(status, Object.assign({ 'Content-Type': 'application/json' }, headers || {}));
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

http.createServer((req, res) => {
  let chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'GET' && req.url === '/') return reply(res, 200, { ready: true });
    const entry = { method: req.method, path: req.url, headers: req.headers, body: text ? JSON.parse(text) : null, env: { port: process.env.FUNCTIONS_CUSTOMHANDLER_PORT, workerId: process.env.FUNCTIONS_CUSTOMHANDLER_WORKER_ID, root: process.env.FUNCTIONS_APP_ROOT_PATH, setting: process.env.FAKE_SETTING } };
    if (req.url.startsWith('/api/')) {
      // Forwarded HTTP request (enableForwardingHttpRequest): answer raw.
      record(Object.assign(entry, { body: text }));
      return reply(res, 201, { forwarded: req.url, host: req.headers.host }, { 'X-Fake': 'yes' });
    }
    record(entry);
    const fn = req.url.slice(1);
    const data = entry.body && entry.body.Data;
    switch (fn) {
      case 'OnBlob':
        // Blob in, queue message out (a JSON object, so the host does not base64-decode it).
        return reply(res, 200, { Outputs: { next: { blob: entry.body.Metadata.name } }, Logs: ['saw a blob'], ReturnValue: null });
      case 'OnQueue':
        return reply(res, 200, { Outputs: {}, Logs: [], ReturnValue: null });
      case 'Flaky':
        return reply(res, 500, { error: 'always fails' });
      case 'Crash':
        reply(res, 200, {});
        return setTimeout(() => process.exit(7), 10);
      case 'Hello':
        return reply(res, 200, { Outputs: { res: { statusCode: '202', headers: { 'X-Hello': data.req.Params.name }, body: { hello: data.req.Params.name, query: data.req.Query } } } });
      default:
        return reply(res, 200, { Outputs: {}, Logs: [], ReturnValue: null });
    }
  });
}).listen(port, '127.0.0.1');
