// Augment dashboard: vanilla JS over the management API. Every value from the server is written with textContent
// (never innerHTML), so dataset names, column names and error messages always render as text.
'use strict';
(() => {
  const api = '/api/augmentations';
  const key = new URLSearchParams(location.search).get('code');
  const $ = (id) => document.getElementById(id);
  const pageSize = 20;
  let pageTokens = [null];
  let timer = null;
  let reports = new Map();

  function withKey(url) {
    if (!key) { return url; }
    return url + (url.includes('?') ? '&' : '?') + 'code=' + encodeURIComponent(key);
  }

  async function call(method, url, headers, payload) {
    const response = await fetch(withKey(url), { method, headers: headers || {}, body: payload });
    let body = null;
    const text = await response.text();
    try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    if (response.status >= 400 && !(method === 'GET' && response.status === 500 && body && body.runtimeStatus)) {
      throw new Error((body && body.error) || ('HTTP ' + response.status + ' for ' + method + ' ' + url));
    }
    return { response, body };
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  function seconds(from, to) {
    const ms = new Date(to) - new Date(from);
    if (!isFinite(ms) || ms < 0) { return '—'; }
    const s = ms / 1000;
    return s < 90 ? s.toFixed(1) + ' s' : (s / 60).toFixed(1) + ' min';
  }

  function time(text) { return text ? text.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '—'; }
  const active = (status) => ['Running', 'Pending', 'Suspended', 'ContinuedAsNew'].includes(status);

  function headline(report) {
    if (!report) { return ['—', '—']; }
    // SDMetrics' quality score (unconditional, vs the rows the model was fitted on); reports written before issue 14
    // only have the per-class quick check, marked as such.
    const sdmetrics = report.fidelity && report.fidelity.sdmetrics;
    const q = report.quality || {};
    const perClass = q.columnShapes ?? q.overall;
    const quality = sdmetrics && typeof sdmetrics.quality === 'number' ? (sdmetrics.quality * 100).toFixed(1) + '%'
      : typeof perClass === 'number' ? (perClass * 100).toFixed(1) + '% (per class)' : '—';
    const u = (report.evaluation && report.evaluation.utility) || report.utility || {};
    const first = Array.isArray(u.verdicts) ? u.verdicts[0] : u;
    const verdict = first ? (first.verdict ?? first.Verdict ?? '—') : '—';
    return [quality, String(verdict)];
  }

  async function report(id) {
    if (reports.has(id)) { return reports.get(id); }
    let value = null;
    try { value = (await call('GET', '/api/dashboard/runs/' + encodeURIComponent(id) + '/files/report.json')).body; } catch { value = null; }
    reports.set(id, value);
    return value;
  }

  async function loadList() {
    const status = $('filter-status').value;
    const dataset = $('filter-dataset').value.trim();
    let url = api + '?showInput=true&top=' + pageSize;
    if (status) { url += '&runtimeStatus=' + encodeURIComponent(status); }
    if (dataset) { url += '&instanceIdPrefix=' + encodeURIComponent(dataset.toLowerCase()); }
    const token = pageTokens[pageTokens.length - 1];
    const { response, body } = await call('GET', url, token ? { 'x-ms-continuation-token': token } : {});
    const next = response.headers.get('x-ms-continuation-token');
    $('next-page').disabled = !next;
    $('next-page').dataset.token = next || '';
    $('first-page').disabled = pageTokens.length === 1;
    const rows = (body || []).slice().sort((a, b) => (b.createdTime || '').localeCompare(a.createdTime || ''));
    const tbody = $('runs').tBodies[0];
    const built = [];
    for (const run of rows) {
      const input = run.input || {};
      const output = run.output && typeof run.output === 'object' ? run.output : {};
      const done = run.runtimeStatus === 'Completed' ? await report(run.instanceId) : null;
      const [quality, utility] = headline(done);
      const tr = el('tr', null, 'run');
      tr.dataset.id = run.instanceId;
      tr.append(el('td', run.instanceId), el('td', input.dataset ?? '—'), el('td', input.trigger ?? '—'));
      const status = el('td');
      status.append(el('span', run.runtimeStatus, 'status ' + run.runtimeStatus));
      tr.append(status, el('td', time(run.createdTime)),
        el('td', seconds(run.createdTime, active(run.runtimeStatus) ? new Date().toISOString() : run.lastUpdatedTime), 'num'),
        el('td', output.realRows ?? '—', 'num'), el('td', output.syntheticRows ?? '—', 'num'),
        el('td', quality, 'num'), el('td', utility));
      tr.addEventListener('click', () => { location.hash = '#/runs/' + encodeURIComponent(run.instanceId); });
      built.push(tr);
    }
    tbody.replaceChildren(...built);
    $('empty').hidden = built.length > 0;
  }

  function timeline(events) {
    const rows = [];
    const failures = new Map();
    for (const e of events || []) {
      const start = e.ScheduledTime || e.Timestamp;
      const label = e.FunctionName || e.Name || '';
      const attemptKey = label + '|' + JSON.stringify(e.Input ?? null);
      if (e.EventType === 'TaskFailed' || e.EventType === 'SubOrchestrationInstanceFailed') {
        failures.set(attemptKey, (failures.get(attemptKey) || 0) + 1);
      }
      const attempts = (e.EventType === 'TaskCompleted' || e.EventType === 'TaskFailed') ? (failures.get(attemptKey) || 0) + (e.EventType === 'TaskCompleted' ? 1 : 0) : '';
      const result = e.EventType === 'TaskFailed' ? 'failed: ' + (e.Reason || '') : (e.OrchestrationStatus || (e.EventType === 'TaskCompleted' ? 'ok' : ''));
      rows.push({ label: label || e.EventType, kind: e.EventType, start, end: e.Timestamp, attempts, result });
    }
    return rows;
  }

  function chart(rows) {
    const ns = 'http://www.w3.org/2000/svg';
    const tasks = rows.filter((r) => r.kind.startsWith('Task'));
    const svg = document.createElementNS(ns, 'svg');
    if (tasks.length === 0) { return svg; }
    const t0 = Math.min(...tasks.map((r) => new Date(r.start)));
    const t1 = Math.max(...tasks.map((r) => new Date(r.end)));
    const span = Math.max(t1 - t0, 1);
    svg.setAttribute('width', '720'); svg.setAttribute('height', String(tasks.length * 16 + 4));
    tasks.forEach((r, i) => {
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(200 + (new Date(r.start) - t0) / span * 500));
      rect.setAttribute('y', String(i * 16 + 2));
      rect.setAttribute('width', String(Math.max(2, (new Date(r.end) - new Date(r.start)) / span * 500)));
      rect.setAttribute('height', '12');
      rect.setAttribute('fill', r.kind === 'TaskFailed' ? '#cf222e' : '#2da44e');
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', '0'); label.setAttribute('y', String(i * 16 + 12)); label.setAttribute('font-size', '11');
      label.textContent = r.label;
      svg.append(label, rect);
    });
    return svg;
  }

  function fact(dl, name, value) { dl.append(el('dt', name), el('dd', value ?? '—')); }

  async function loadDetail(id) {
    const { body: run } = await call('GET', api + '/' + encodeURIComponent(id) + '?showHistory=true&showHistoryOutput=false&showInput=true');
    const input = run.input || {};
    const output = run.output && typeof run.output === 'object' ? run.output : {};
    const custom = run.customStatus && typeof run.customStatus === 'object' ? run.customStatus : null;
    $('detail-title').textContent = 'Run ' + run.instanceId;
    const dl = $('detail-facts');
    dl.replaceChildren();
    fact(dl, 'dataset', input.dataset); fact(dl, 'source', (input.container || '') + '/' + (input.blobName || ''));
    fact(dl, 'trigger', input.trigger); fact(dl, 'status', run.runtimeStatus);
    fact(dl, 'started', time(run.createdTime)); fact(dl, 'last update', time(run.lastUpdatedTime));
    fact(dl, 'duration', seconds(run.createdTime, active(run.runtimeStatus) ? new Date().toISOString() : run.lastUpdatedTime));
    fact(dl, 'real rows', output.realRows); fact(dl, 'synthetic rows', output.syntheticRows);
    fact(dl, 'custom status', run.customStatus === null ? null : JSON.stringify(run.customStatus));
    const progress = $('progress');
    progress.replaceChildren();
    if (custom && custom.shardsTotal > 0) {
      const bar = el('span', null, 'bar');
      const fill = el('span');
      fill.style.width = Math.round(100 * custom.shardsDone / custom.shardsTotal) + '%';
      bar.append(fill);
      progress.append(el('span', (custom.stage || '') + ' — shards ' + custom.shardsDone + '/' + custom.shardsTotal + ' '), bar);
    } else if (custom && custom.stage) {
      progress.append(el('span', custom.stage + ': ' + (custom.message || '')));
    }
    const rows = timeline(run.historyEvents);
    const tbody = $('timeline').tBodies[0];
    tbody.replaceChildren(...rows.map((r) => {
      const tr = el('tr');
      tr.append(el('td', r.label), el('td', r.kind), el('td', time(r.start)), el('td', time(r.end)),
        el('td', r.kind.startsWith('Task') ? seconds(r.start, r.end) : '', 'num'), el('td', r.attempts, 'num'), el('td', r.result));
      return tr;
    }));
    $('timeline-chart').replaceChildren(chart(rows));
    const errors = (run.historyEvents || []).filter((e) => e.Reason && (e.EventType.endsWith('Failed')));
    $('errors').replaceChildren(...(errors.length ? errors.map((e) => el('li', (e.FunctionName || e.EventType) + ': ' + e.Reason)) : [el('li', 'none', 'muted')]));
    const waiting = active(run.runtimeStatus);
    $('approve').disabled = !waiting; $('reject').disabled = !waiting; $('terminate').disabled = !waiting;
    $('restart').disabled = false; $('purge').disabled = waiting;
    // An image run (its upload is a zip) publishes augmented.zip; its report.html below shows real and synthetic images.
    const images = /\.zip$/i.test((run.input || {}).blobName || '');
    const files = images ? ['augmented.zip', 'report.json', 'report.html'] : ['augmented.csv', 'synthetic.csv', 'report.json', 'report.html', 'model.json'];
    $('downloads').replaceChildren(...files.map((f) => {
      const li = el('li');
      const a = el('a', f);
      a.href = withKey('/api/dashboard/runs/' + encodeURIComponent(run.instanceId) + '/files/' + f);
      li.append(a);
      return li;
    }));
    const frame = $('report');
    frame.hidden = run.runtimeStatus !== 'Completed';
    const src = withKey('/api/dashboard/runs/' + encodeURIComponent(run.instanceId) + '/files/report.html');
    if (!frame.hidden && frame.getAttribute('src') !== src) { frame.setAttribute('src', src); }
  }

  async function act(action, method) {
    const id = decodeURIComponent(location.hash.slice('#/runs/'.length));
    if (!window.confirm(action + ' run ' + id + '?')) { return; }
    try {
      const path = action === 'purge' ? api + '/' + encodeURIComponent(id) : api + '/' + encodeURIComponent(id) + '/' + action;
      const { body } = await call(method, path);
      showError('');
      if (action === 'purge') { location.hash = '#/'; return; }
      if (action === 'restart' && body && body.id) { location.hash = '#/runs/' + encodeURIComponent(body.id); return; }
      await render();
    } catch (err) { showError(err.message); }
  }

  // A CSV goes to datasets/{dataset}/{file}.csv, an image archive (any .zip) to datasets/{dataset}/images.zip; the
  // blob trigger starts the run.
  function uploadName(dataset, file) {
    const lower = file.name.toLowerCase();
    if (lower.endsWith('.zip')) { return dataset + '/images.zip'; }
    if (lower.endsWith('.csv')) { return dataset + '/' + file.name; }
    return null;
  }

  async function upload(event) {
    event.preventDefault();
    const dataset = $('upload-dataset').value.trim();
    const file = $('upload-file').files[0];
    const name = file ? uploadName(dataset, file) : null;
    if (!name) { showError('Choose a .csv file or an images .zip archive.'); return; }
    $('upload-button').disabled = true;
    $('upload-status').textContent = 'uploading ' + name + ' …';
    try {
      const { body } = await call('POST', api + '/upload?name=' + encodeURIComponent(name), { 'Content-Type': file.type || 'application/octet-stream' }, file);
      showError('');
      $('upload-status').textContent = 'uploaded ' + body.container + '/' + body.blobName + '; its run starts when the blob trigger sees it';
    } catch (err) {
      $('upload-status').textContent = '';
      showError(err.message);
    } finally {
      $('upload-button').disabled = false;
    }
  }

  async function render() {
    const detail = location.hash.startsWith('#/runs/');
    $('list-view').hidden = detail;
    $('detail-view').hidden = !detail;
    try {
      if (detail) { await loadDetail(decodeURIComponent(location.hash.slice('#/runs/'.length))); } else { await loadList(); }
      showError('');
      $('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (err) { showError(err.message); }
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
  }

  function schedule() {
    clearInterval(timer);
    if ($('auto-refresh').checked) { timer = setInterval(render, 5000); }
  }

  $('upload').addEventListener('submit', upload);
  $('filters').addEventListener('change', () => { pageTokens = [null]; render(); schedule(); });
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); pageTokens = [null]; render(); });
  $('next-page').addEventListener('click', () => { pageTokens.push($('next-page').dataset.token); render(); });
  $('first-page').addEventListener('click', () => { pageTokens = [null]; render(); });
  $('approve').addEventListener('click', () => act('approve', 'POST'));
  $('reject').addEventListener('click', () => act('reject', 'POST'));
  $('terminate').addEventListener('click', () => act('terminate', 'POST'));
  $('restart').addEventListener('click', () => act('restart', 'POST'));
  $('purge').addEventListener('click', () => act('purge', 'DELETE'));
  window.addEventListener('hashchange', render);
  render();
  schedule();
})();
