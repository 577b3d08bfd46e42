// Attune explorer: looks a user up through the REST API of whichever instance served this page and
// follows them by polling (the API answers from the owning instance, so polling any instance works).
// All text from the API is untrusted (titles, labels): it is only ever set with textContent.
(function () {
  'use strict';

  const POLL_MS = 1500;
  const HISTORY = 40; // weight samples kept per interest for the sparklines
  const SVG = 'http://www.w3.org/2000/svg';

  const el = (id) => document.getElementById(id);
  let userId = null;
  let timer = null;
  let generation = 0; // ignores answers for a user the page has moved away from
  let lastClock = null;
  let lastComputedAt = null;
  let weightHistory = new Map(); // interest id -> [weight, ...]

  function colour(interestId) {
    return 'hsl(' + ((Number(interestId) * 137) % 360) + ', 62%, 48%)';
  }

  function node(tag, className, text) {
    const n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }

  function svg(tag, attrs) {
    const n = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, String(v)));
    return n;
  }

  function when(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function status(text, isError) {
    const s = el('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  async function getJson(path) {
    const res = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    return { status: res.status, retryAfter: Number(res.headers.get('Retry-After')) || 0, body };
  }

  function sparkline(values) {
    const s = svg('svg', { viewBox: '0 0 120 32', preserveAspectRatio: 'none', class: 'spark' });
    if (values.length > 0) {
      const step = values.length > 1 ? 118 / (values.length - 1) : 0;
      const points = values.map((v, i) => (1 + i * step).toFixed(1) + ',' + (30 - v * 28).toFixed(1)).join(' ');
      s.appendChild(svg('polyline', { points, fill: 'none', stroke: '#3559e0', 'stroke-width': 1.5 }));
    }
    return s;
  }

  function renderInterests(data) {
    const list = el('interests');
    list.replaceChildren();
    list.dataset.clock = data.clock;
    el('as-of').textContent = 'as of ' + when(data.asOf) + ' · served by ' + data.servedBy + (data.stale ? ' (standby)' : '');
    data.interests.forEach((it) => {
      const samples = weightHistory.get(it.id) || [];
      const li = node('li', 'interest');
      li.dataset.interestId = it.id;
      const label = node('div', 'label', it.label);
      label.prepend(swatch(it.id), ' ');
      li.appendChild(label);
      li.appendChild(sparkline(samples));
      const bar = node('div', 'bar');
      const fill = node('span');
      fill.style.width = (it.weight * 100).toFixed(1) + '%';
      fill.style.background = colour(it.id);
      bar.appendChild(fill);
      bar.title = 'weight ' + it.weight.toFixed(3);
      li.appendChild(bar);
      li.appendChild(node('div', 'meta', 'weight ' + (it.weight * 100).toFixed(1) + '% · strength ' +
        it.strength.toPrecision(3) + ' · updated ' + when(it.updatedAt)));
      if (it.evidence && it.evidence.length) {
        const details = node('details');
        details.appendChild(node('summary', null, it.evidence.length + ' supporting event(s)'));
        const ul = node('ul');
        it.evidence.forEach((e) => ul.appendChild(node('li', null,
          (e.kind || e.source) + ': ' + e.text + (e.polarity === 'NEGATIVE' ? ' (negative)' : '') + ' · ' + when(e.eventTime))));
        details.appendChild(ul);
        li.appendChild(details);
      }
      list.appendChild(li);
    });
    if (!data.interests.length) list.appendChild(node('li', 'meta', 'No interests yet.'));
    const recent = el('recent');
    recent.replaceChildren();
    data.recent.forEach((r) => recent.appendChild(node('li', null, r.kind.toLowerCase() + ' · ' + r.itemId + ' · ' + when(r.eventTime))));
  }

  function swatch(interestId) {
    const s = node('span', 'swatch');
    s.style.background = colour(interestId);
    return s;
  }

  function recordHistory(data) {
    const seen = new Set();
    data.interests.forEach((it) => {
      seen.add(it.id);
      const samples = weightHistory.get(it.id) || [];
      samples.push(it.weight);
      while (samples.length > HISTORY) samples.shift();
      weightHistory.set(it.id, samples);
    });
    [...weightHistory.keys()].forEach((id) => { if (!seen.has(id)) weightHistory.delete(id); });
  }

  function renderRecommendations(data) {
    const box = el('recommendations');
    box.replaceChildren();
    if (!data) {
      el('computed-at').textContent = '';
      box.appendChild(node('p', 'hint', 'No recommendations computed yet.'));
      return;
    }
    box.dataset.computedAt = data.computedAt;
    el('computed-at').textContent = 'computed ' + when(data.computedAt);
    const groups = new Map();
    data.items.forEach((item) => {
      if (!groups.has(item.interestId)) groups.set(item.interestId, { label: item.interestLabel, items: [] });
      groups.get(item.interestId).items.push(item);
    });
    groups.forEach((group, interestId) => {
      const div = node('div', 'group');
      div.dataset.interestId = interestId;
      const h = node('h3', null, group.label);
      h.prepend(swatch(interestId));
      div.appendChild(h);
      group.items.forEach((item) => {
        const row = node('div', 'rec-item');
        row.dataset.itemId = item.itemId;
        row.appendChild(node('span', 'title', item.title));
        row.appendChild(node('span', 'meta', item.score.toFixed(3)));
        div.appendChild(row);
      });
      box.appendChild(div);
    });
  }

  function renderMap(data) {
    const map = el('map');
    map.replaceChildren();
    if (!data || !data.points.length) return;
    const extent = Math.max(1e-9, ...data.points.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))));
    const at = (p) => ({ x: p.x / extent, y: -p.y / extent });
    const interests = new Map(data.points.filter((p) => p.kind === 'interest').map((p) => [p.interestId, at(p)]));
    data.points.forEach((p) => {
      const q = at(p);
      if (p.kind === 'item') {
        const home = interests.get(p.interestId);
        if (home) map.appendChild(svg('line', { x1: home.x, y1: home.y, x2: q.x, y2: q.y, stroke: colour(p.interestId), 'stroke-width': 0.004, opacity: 0.5 }));
      }
    });
    data.points.forEach((p) => {
      const q = at(p);
      let shape;
      if (p.kind === 'interest') {
        shape = svg('circle', { cx: q.x, cy: q.y, r: 0.03 + 0.09 * Math.sqrt(p.weight || 0), fill: colour(p.interestId), opacity: 0.85 });
      } else if (p.kind === 'item') {
        shape = svg('rect', { x: q.x - 0.018, y: q.y - 0.018, width: 0.036, height: 0.036, fill: colour(p.interestId), opacity: 0.7 });
      } else {
        shape = svg('path', { d: 'M' + (q.x - 0.04) + ' ' + q.y + 'h0.08M' + q.x + ' ' + (q.y - 0.04) + 'v0.08', stroke: '#111', 'stroke-width': 0.012 });
      }
      const title = svg('title');
      title.textContent = p.kind + ': ' + p.label;
      shape.appendChild(title);
      map.appendChild(shape);
      if (p.kind !== 'item') {
        // Labels point inwards so that those near the right edge stay inside the picture.
        const right = q.x > 0.2;
        const label = svg('text', { x: right ? q.x - 0.05 : q.x + 0.05, y: q.y + 0.015, 'text-anchor': right ? 'end' : 'start' });
        label.textContent = p.label;
        map.appendChild(label);
      }
    });
  }

  async function refresh(myGeneration) {
    const base = '/users/' + encodeURIComponent(userId);
    let delay = POLL_MS;
    try {
      const interests = await getJson(base + '/interests');
      if (myGeneration !== generation) return;
      if (interests.status === 200) {
        const changed = interests.body.clock !== lastClock;
        if (changed) {
          lastClock = interests.body.clock;
          recordHistory(interests.body);
        }
        const [recs, map] = await Promise.all([getJson(base + '/recommendations'), getJson(base + '/map')]);
        if (myGeneration !== generation) return;
        renderInterests(interests.body);
        const recsChanged = recs.status === 200 && recs.body.computedAt !== lastComputedAt;
        if (recs.status === 200 || recs.status === 404) renderRecommendations(recs.status === 200 ? recs.body : null);
        if (recsChanged) lastComputedAt = recs.body.computedAt;
        if (map.status === 200) renderMap(map.body);
        if (changed || recsChanged) {
          el('status').classList.add('fresh');
          setTimeout(() => el('status').classList.remove('fresh'), 1200);
        }
        el('explorer').hidden = false;
        status('Following user ' + userId + ' · last event ' + when(interests.body.clock) + ' · refreshed ' + new Date().toLocaleTimeString());
      } else if (interests.status === 404) {
        el('explorer').hidden = true;
        status('Unknown user ' + userId + ' (no events yet). Still watching.', true);
      } else if (interests.status === 503) {
        delay = Math.max(POLL_MS, interests.retryAfter * 1000);
        status('Not available right now (' + (interests.body ? interests.body.message : 'rebalancing') + '); retrying.', true);
      } else {
        status((interests.body && interests.body.message) || ('Error ' + interests.status), true);
        if (interests.status === 400) return; // a bad id will not get better by asking again
      }
    } catch (e) {
      status('Cannot reach the server; retrying.', true);
    }
    if (myGeneration === generation) timer = setTimeout(() => refresh(myGeneration), delay);
  }

  function follow(id) {
    clearTimeout(timer);
    generation += 1;
    userId = id;
    lastClock = null;
    lastComputedAt = null;
    weightHistory = new Map();
    status('Looking up ' + id + '…');
    window.history.replaceState(null, '', '#user=' + encodeURIComponent(id));
    refresh(generation);
  }

  el('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = el('user-id').value.trim();
    if (id) follow(id);
  });

  const fromHash = /^#user=(.+)$/.exec(location.hash);
  if (fromHash) {
    el('user-id').value = decodeURIComponent(fromHash[1]);
    follow(el('user-id').value);
  }
})();
