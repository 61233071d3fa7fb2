// console.js: the live message preview and the run page's live progress. Plain JavaScript, no build step.
(function () {
  'use strict';
  function esc(s) { return String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }
  function safeUrl(u) { return /^(https?:|\/)/i.test(u) ? u : '#'; }
  // DingTalk's markdown subset: headings, bold, italic, links, images, ordered/unordered lists, quotes, line breaks.
  function inline(s) {
    return esc(s)
      .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (m, a, u) => '<img alt="' + a + '" src="' + esc(safeUrl(u)) + '">')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, t, u) => '<a href="' + esc(safeUrl(u)) + '">' + t + '</a>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>');
  }
  function markdown(text) {
    const out = []; let list = null;
    for (const line of String(text || '').split(/\r?\n/)) {
      let m;
      const close = () => { if (list) { out.push('</' + list + '>'); list = null; } };
      if ((m = line.match(/^(#{1,6})\s+(.*)$/))) { close(); out.push('<h' + m[1].length + '>' + inline(m[2]) + '</h' + m[1].length + '>'); }
      else if ((m = line.match(/^\s*[-*]\s+(.*)$/))) { if (list !== 'ul') { close(); out.push('<ul>'); list = 'ul'; } out.push('<li>' + inline(m[1]) + '</li>'); }
      else if ((m = line.match(/^\s*\d+\.\s+(.*)$/))) { if (list !== 'ol') { close(); out.push('<ol>'); list = 'ol'; } out.push('<li>' + inline(m[1]) + '</li>'); }
      else if ((m = line.match(/^>\s?(.*)$/))) { close(); out.push('<blockquote>' + inline(m[1]) + '</blockquote>'); }
      else { close(); out.push(line.trim() === '' ? '<p>&nbsp;</p>' : '<p>' + inline(line) + '</p>'); }
    }
    if (list) out.push('</' + list + '>');
    return out.join('');
  }
  function renderMessage(msg) {
    if (!msg || !msg.msgtype) return '<p class="muted">No message</p>';
    if (msg.msgtype === 'markdown') return markdown((msg.markdown || {}).text);
    if (msg.msgtype === 'text') return '<p>' + esc((msg.text || {}).content || '').replace(/\n/g, '<br>') + '</p>';
    if (msg.msgtype === 'actionCard') {
      const c = msg.actionCard || {};
      const btns = c.btns ? c.btns : c.singleTitle ? [{title: c.singleTitle, actionURL: c.singleURL}] : [];
      return '<div class="dt-card-title">' + esc(c.title || '') + '</div>' + markdown(c.text) +
        (btns.length ? '<div class="dt-buttons' + (c.btnOrientation === '1' ? '' : btns.length > 2 ? ' vertical' : '') + '">' +
          btns.map(b => '<a href="' + esc(safeUrl(b.actionURL || '')) + '">' + esc(b.title || '') + '</a>').join('') + '</div>' : '');
    }
    if (msg.msgtype === 'link') {
      const l = msg.link || {};
      return '<div class="dt-card-title">' + esc(l.title || '') + '</div><div class="dt-link"><p>' + esc(l.text || '') + '</p>' +
        (l.picUrl ? '<img src="' + esc(safeUrl(l.picUrl)) + '">' : '') + '</div>';
    }
    return '<pre>' + esc(JSON.stringify(msg, null, 2)) + '</pre>';
  }
  function formMessage(form) {
    const v = n => (form.elements[n] || {}).value || '';
    return v('msgtype') === 'actionCard'
      ? {msgtype: 'actionCard', actionCard: {title: v('title'), text: v('text'), singleTitle: v('buttonTitle'), singleURL: v('buttonUrl')}}
      : {msgtype: 'markdown', markdown: {title: v('title'), text: v('text')}};
  }
  function setupPreview() {
    const el = document.getElementById('preview');
    if (!el) return;
    if (el.dataset.message) { try { el.innerHTML = renderMessage(JSON.parse(el.dataset.message)); } catch (e) { el.textContent = el.dataset.message; } return; }
    const form = document.getElementById(el.dataset.source);
    if (!form) return;
    const update = () => { el.innerHTML = renderMessage(formMessage(form)); };
    form.addEventListener('input', update); form.addEventListener('change', update); update();
  }
  function setupRun() {
    const live = document.getElementById('live');
    if (!live) return;
    const limit = parseFloat(live.dataset.limit) || 0;
    const svg = document.getElementById('chart');
    const points = []; let last = null;
    const NS = 'http://www.w3.org/2000/svg';
    function draw() {
      const max = Math.max(limit * 1.15, ...points.map(p => p.rate), 1);
      const W = 600, H = 220, n = Math.max(points.length - 1, 1);
      const y = r => H - 10 - (H - 20) * r / max;
      svg.innerHTML = '';
      const lim = document.createElementNS(NS, 'line');
      lim.setAttribute('x1', 0); lim.setAttribute('x2', W); lim.setAttribute('y1', y(limit)); lim.setAttribute('y2', y(limit));
      lim.setAttribute('stroke', '#cf222e'); lim.setAttribute('stroke-dasharray', '6 4'); lim.setAttribute('id', 'limit-line');
      svg.appendChild(lim);
      const label = document.createElementNS(NS, 'text');
      label.setAttribute('x', 6); label.setAttribute('y', y(limit) - 4); label.setAttribute('font-size', 12); label.setAttribute('fill', '#cf222e');
      label.textContent = 'limit ' + limit + '/s'; svg.appendChild(label);
      if (points.length) {
        const line = document.createElementNS(NS, 'polyline');
        line.setAttribute('points', points.map((p, i) => (i * W / n).toFixed(1) + ',' + y(p.rate).toFixed(1)).join(' '));
        line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#1a7f37'); line.setAttribute('stroke-width', 2); line.setAttribute('id', 'rate-line');
        svg.appendChild(line);
      }
    }
    function apply(p) {
      document.getElementById('bar').style.width = p.percent + '%';
      document.querySelector('.progress').setAttribute('aria-valuenow', p.percent);
      document.getElementById('percent').textContent = p.percent + ' %';
      document.getElementById('delivered').textContent = p.delivered;
      document.getElementById('total').textContent = p.total;
      document.getElementById('rate').textContent = p.ratePerSecond + ' /s';
      document.getElementById('eta').textContent = p.etaSeconds == null ? '…' : p.pending === 0 ? '–' : p.etaSeconds + ' s';
      const st = document.getElementById('run-status'); st.textContent = p.status; st.className = 'status s-' + p.status;
      document.querySelectorAll('#by-status td[data-k]').forEach(td => { td.textContent = p[td.dataset.k]; });
      const now = Date.now();
      const done = (p.delivered || 0) + (p.failed || 0) + (p.deadLettered || 0);
      if (last) points.push({rate: Math.max(0, (done - last.done) * 1000 / Math.max(now - last.at, 1))});
      last = {done: done, at: now};
      if (points.length > 120) points.shift();
      draw();
    }
    function poll() {
      fetch(live.dataset.progress, {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
        .then(r => { if (r.status === 401) { return r.json().then(b => { location.href = b.signIn; throw new Error('session'); }); } return r.json(); })
        .then(p => { if (p.error) { throw new Error(p.error); } apply(p); live.dataset.ready = '1';
          if (p.status !== 'FINISHED' && p.status !== 'MISSED' && p.status !== 'FAILED') { sawActive = true; setTimeout(poll, 1000); }
          else if (sawActive) { refreshTables(); } else { live.dataset.finished = '1'; } })
        .catch(e => { if (e.message !== 'session') { live.dataset.error = e.message; setTimeout(poll, 3000); } });
    }
    // A run that finishes while the page is open (a replay reopens it) gets its tables read again, in place.
    let sawActive = !['FINISHED', 'MISSED', 'FAILED'].includes((document.getElementById('run-status') || {}).textContent);
    function refreshTables() {
      fetch(location.href, {credentials: 'same-origin'}).then(r => r.text()).then(html => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        ['dead-letters', 'deliveries-panel'].forEach(id => {
          const now = document.getElementById(id), fresh = doc.getElementById(id);
          if (now && fresh) now.replaceWith(document.importNode(fresh, true));
        });
      }).finally(() => { live.dataset.finished = '1'; });
    }
    draw(); poll();
  }
  document.addEventListener('DOMContentLoaded', () => { setupPreview(); setupRun(); });
})();
