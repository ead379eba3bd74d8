// OrleansPaas dashboard: applies the page's server-sent events. Every part inserted as HTML was
// rendered (and escaped) by the server from the same template as the first page; log lines and
// figures arrive as JSON and are inserted as text only.
(() => {
  'use strict';

  // Forms marked data-confirm (a rollback) ask first.
  document.addEventListener('submit', event => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Config values stay masked until asked for.
  document.addEventListener('click', event => {
    const button = event.target.closest('button.reveal');
    if (!button) return;
    const cell = button.parentElement;
    const secret = cell.querySelector('.secret');
    const masked = cell.querySelector('.masked');
    const show = secret.hidden;
    secret.hidden = !show;
    masked.hidden = show;
    button.textContent = show ? 'Hide' : 'Reveal';
  });

  const feed = document.body.dataset.feed;
  if (!feed) return;

  const indicator = document.getElementById('feed-state');
  const source = new EventSource(feed);
  source.addEventListener('open', () => { indicator.className = 'feed-state live'; });
  // EventSource reconnects by itself; the dot says the page is not live meanwhile.
  source.addEventListener('error', () => { indicator.className = 'feed-state down'; });

  document.querySelectorAll('[data-live]').forEach(region => {
    source.addEventListener(region.dataset.live, event => { region.innerHTML = event.data; });
  });

  source.addEventListener('gone', event => {
    source.close();
    indicator.className = 'feed-state down';
    const notice = document.createElement('p');
    notice.className = 'error';
    notice.setAttribute('role', 'alert');
    notice.textContent = event.data;
    document.querySelector('main').prepend(notice);
  });

  // Logs: appended as they come (no timer or animation frame, which a background tab would
  // starve), at most data-max-lines kept, following the end unless the reader scrolled up.
  const log = document.getElementById('log');
  if (log) {
    const maxLines = parseInt(log.dataset.maxLines || '1000', 10);
    // Sent before the tail at every (re)connection: the tail comes again, so what the page shows goes.
    source.addEventListener('reset', () => log.replaceChildren());
    source.addEventListener('log', event => {
      const line = JSON.parse(event.data);
      const item = document.createElement('li');
      if (line.error) item.className = 'stderr';
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = line.release ? `${line.source} v${line.release}` : line.source;
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = line.text;
      item.append(from, text);
      const following = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
      log.append(item);
      while (log.childElementCount > maxLines) log.firstElementChild.remove();
      if (following) log.scrollTop = log.scrollHeight;
    });
  }

  // Charts: the last two minutes of traffic, one point per second, and memory per instance;
  // drawn on a canvas (nothing drawn while the tab is hidden, redrawn when it shows again).
  const charts = Array.from(document.querySelectorAll('canvas[data-chart]'));
  if (charts.length) {
    const palette = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
    const traffic = [];
    const memory = [];
    const fixed = {
      requests: [{ key: 'requests', color: '#2563eb' }],
      classes: [
        { key: 'c2xx', color: '#16a34a' }, { key: 'c3xx', color: '#0891b2' },
        { key: 'c4xx', color: '#d97706' }, { key: 'c5xx', color: '#dc2626' },
      ],
      latency: [{ key: 'p50Ms', color: '#2563eb' }, { key: 'p95Ms', color: '#dc2626' }],
    };
    const memoryLines = () => Array.from(new Set(memory.flatMap(p => Object.keys(p.instances))))
      .sort().map((key, i) => ({ key, color: palette[i % palette.length] }));
    const draw = () => {
      if (document.hidden) return;
      charts.forEach(canvas => {
        const kind = canvas.dataset.chart;
        if (kind === 'memory') {
          drawChart(canvas, memory.map(p => p.instances), memoryLines(), 60);
        } else {
          drawChart(canvas, traffic, fixed[kind] || [], 120);
        }
      });
    };
    source.addEventListener('traffic', event => {
      traffic.push(...JSON.parse(event.data));
      traffic.splice(0, Math.max(0, traffic.length - 120));
      draw();
    });
    source.addEventListener('memory', event => {
      memory.push(JSON.parse(event.data));
      memory.splice(0, Math.max(0, memory.length - 60));
      draw();
    });
    document.addEventListener('visibilitychange', draw);
    draw();
  }

  // points: objects with a number (or null: no figure) under each line's key; the newest is drawn rightmost.
  function drawChart(canvas, points, lines, slots) {
    const context = canvas.getContext('2d');
    const { width, height } = canvas;
    const top = 14, bottom = height - 2, left = 2, right = width - 2;
    context.clearRect(0, 0, width, height);
    const values = points.flatMap(p => lines.map(l => p[l.key])).filter(v => typeof v === 'number');
    const max = Math.max(1, ...values);
    context.fillStyle = '#6b7280';
    context.font = '11px sans-serif';
    context.fillText(`max ${max}${canvas.dataset.unit ? ' ' + canvas.dataset.unit : ''}`, left, 11);
    context.strokeStyle = '#e5e7eb';
    context.beginPath();
    context.moveTo(left, bottom);
    context.lineTo(right, bottom);
    context.stroke();
    const step = (right - left) / (slots - 1);
    lines.forEach(line => {
      context.strokeStyle = line.color;
      context.beginPath();
      let drawing = false;
      points.forEach((p, i) => {
        const value = p[line.key];
        if (typeof value !== 'number') { drawing = false; return; }
        const x = right - (points.length - 1 - i) * step;
        const y = bottom - (value / max) * (bottom - top);
        if (drawing) context.lineTo(x, y); else context.moveTo(x, y);
        drawing = true;
      });
      context.stroke();
    });
  }
})();
