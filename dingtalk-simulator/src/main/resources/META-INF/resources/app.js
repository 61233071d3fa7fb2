// DingTalk simulator page: groups on the left, the selected group's messages rendered like a chat client on the
// right. Polls the admin API once a second (simple and robust while a push of thousands of messages per second runs;
// only new messages are fetched, by sequence number).
'use strict';

const POLL_MS = 1000;
const PAGE = 200;
const state = { groups: [], next: null, selected: null, lastSeq: 0, filter: '' };

marked.setOptions({ gfm: true, breaks: true });

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function safeUrl(u) {
  if (typeof u !== 'string') return '#';
  return /^(https?:|dingtalk:|\/)/i.test(u) ? u : '#';
}

// Renders DingTalk markdown (a subset of CommonMark) sanitised; raw HTML such as <font color> survives DOMPurify.
function markdown(text) {
  const div = el('div', 'md');
  div.innerHTML = DOMPurify.sanitize(marked.parse(String(text || '')));
  return div;
}

// Highlights @mobile / @userId tokens of the message's "at" list, and adds @所有人 for isAtAll.
function highlightMentions(root, at) {
  if (!at) return;
  const names = [].concat(at.atMobiles || [], at.atUserIds || []).filter(Boolean).map(String);
  if (names.length) {
    const pattern = new RegExp('@(' + names.map(n => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')', 'g');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const s = node.nodeValue;
      if (!pattern.test(s)) continue;
      pattern.lastIndex = 0;
      const frag = document.createDocumentFragment();
      let last = 0, m;
      while ((m = pattern.exec(s)) !== null) {
        frag.appendChild(document.createTextNode(s.slice(last, m.index)));
        frag.appendChild(el('span', 'mention', m[0]));
        last = m.index + m[0].length;
      }
      frag.appendChild(document.createTextNode(s.slice(last)));
      node.parentNode.replaceChild(frag, node);
    }
  }
  if (at.isAtAll === true || at.isAtAll === 'true') {
    root.appendChild(document.createTextNode(' '));
    root.appendChild(el('span', 'mention', '@所有人'));
  }
}

function buttons(list, horizontal) {
  const box = el('div', 'buttons' + (horizontal ? ' horizontal' : ''));
  for (const b of list) {
    const a = el('a', null, b.title);
    a.href = safeUrl(b.url);
    a.target = '_blank';
    a.rel = 'noopener';
    box.appendChild(a);
  }
  return box;
}

function renderBody(type, msg) {
  const body = el('div', 'body');
  switch (type) {
    case 'text': {
      const p = el('div', 'text', (msg.text && msg.text.content) || '');
      p.style.whiteSpace = 'pre-wrap';
      body.appendChild(p);
      highlightMentions(p, msg.at);
      break;
    }
    case 'markdown': {
      const md = markdown(msg.markdown && msg.markdown.text);
      body.appendChild(md);
      highlightMentions(md, msg.at);
      break;
    }
    case 'link': {
      const l = msg.link || {};
      const a = el('a', 'link-card');
      a.href = safeUrl(l.messageUrl);
      a.target = '_blank';
      const txt = el('div');
      txt.appendChild(el('div', 'card-title', l.title || ''));
      txt.appendChild(el('div', null, l.text || ''));
      a.appendChild(txt);
      if (l.picUrl) { const i = el('img'); i.src = safeUrl(l.picUrl); i.alt = ''; a.appendChild(i); }
      body.appendChild(a);
      break;
    }
    case 'actionCard': {
      const c = msg.actionCard || {};
      body.appendChild(el('div', 'card-title', c.title || ''));
      body.appendChild(markdown(c.text));
      if (c.singleTitle && c.singleURL) {
        body.appendChild(buttons([{ title: c.singleTitle, url: c.singleURL }], false));
      } else if (Array.isArray(c.btns)) {
        body.appendChild(buttons(c.btns.map(b => ({ title: b.title, url: b.actionURL })), String(c.btnOrientation) === '1'));
      }
      break;
    }
    case 'feedCard': {
      const f = el('div', 'feed');
      for (const l of ((msg.feedCard || {}).links || [])) {
        const a = el('a');
        a.href = safeUrl(l.messageURL);
        a.target = '_blank';
        a.appendChild(el('span', null, l.title || ''));
        if (l.picURL) { const i = el('img'); i.src = safeUrl(l.picURL); i.alt = ''; a.appendChild(i); }
        f.appendChild(a);
      }
      body.appendChild(f);
      break;
    }
    case 'image': {
      const i = el('img');
      i.src = safeUrl((msg.image || {}).photoURL);
      i.alt = '';
      body.appendChild(i);
      break;
    }
    default:
      body.appendChild(el('pre', null, JSON.stringify(msg, null, 2)));
  }
  return body;
}

function renderMessage(m) {
  const row = el('div', 'message');
  row.dataset.seq = m.seq;
  row.dataset.msgtype = m.msgtype;
  row.appendChild(el('div', 'avatar', '机器人'.slice(0, 2)));
  const bubble = el('div', 'bubble');
  const meta = el('div', 'meta', new Date(m.receivedAt).toLocaleTimeString() + ' · ' + m.msgtype + ' · ' + m.channel);
  if (m.duplicate) { meta.appendChild(document.createTextNode(' · ')); meta.appendChild(el('span', 'dup', 'duplicate')); }
  bubble.appendChild(meta);
  bubble.appendChild(renderBody(m.msgtype, m.message || {}));
  row.appendChild(bubble);
  return row;
}

async function getJson(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(url + ' → ' + r.status);
  return r.json();
}

function renderGroups() {
  const ul = document.getElementById('groups');
  ul.replaceChildren();
  const f = state.filter.toLowerCase();
  for (const g of state.groups) {
    if (f && !(g.name.toLowerCase().includes(f) || g.id.includes(f))) continue;
    const li = el('li', 'state-' + g.state + (state.selected === g.id ? ' selected' : ''));
    li.dataset.groupId = g.id;
    li.appendChild(el('span', 'gname', g.name));
    if (g.accepted > 0) li.appendChild(el('span', 'badge', String(g.accepted)));
    li.onclick = () => select(g.id);
    ul.appendChild(li);
  }
  document.getElementById('more').hidden = !state.next;
}

function select(id) {
  state.selected = id;
  state.lastSeq = 0;
  history.replaceState(null, '', '?group=' + encodeURIComponent(id));
  document.getElementById('messages').replaceChildren();
  const g = state.groups.find(x => x.id === id);
  document.getElementById('chat-title').textContent = g ? g.name : id;
  renderGroups();
  pollMessages();
}

async function loadGroups(more) {
  const after = more && state.next ? '&after=' + encodeURIComponent(state.next) : '';
  const page = await getJson('/sim/groups?limit=' + PAGE + after);
  state.groups = more ? state.groups.concat(page.groups) : page.groups.concat(state.groups.slice(PAGE));
  state.next = page.next;
  renderGroups();
}

async function pollMessages() {
  const id = state.selected;
  if (!id) return;
  const page = await getJson('/sim/groups/' + encodeURIComponent(id) + '/messages?after=' + state.lastSeq);
  if (id !== state.selected) return;
  const box = document.getElementById('messages');
  const g = page.group;
  document.getElementById('chat-title').textContent = g.name;
  document.getElementById('chat-meta').textContent = g.id + ' · ' + g.state + ' · accepted ' + g.accepted + ' · rejected ' + g.rejected;
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  for (const m of page.messages) {
    if (m.seq <= state.lastSeq) continue;
    box.appendChild(renderMessage(m));
    state.lastSeq = m.seq;
  }
  if (!box.children.length) box.appendChild(el('div', 'empty', 'no messages yet'));
  else { const e = box.querySelector('.empty'); if (e) e.remove(); }
  if (atBottom || page.messages.length) box.scrollTop = box.scrollHeight;
  document.body.dataset.ready = '1';
}

async function pollStats() {
  const s = await getJson('/sim/stats');
  document.getElementById('c-accepted').textContent = s.accepted;
  document.getElementById('c-rejected').textContent = s.rejected;
  document.getElementById('c-duplicates').textContent = s.duplicates.msgUuid + s.duplicates.body;
  document.getElementById('c-groups').textContent = s.groups;
  document.getElementById('c-rate').textContent = Object.values(s.rates.ips || {}).reduce((a, b) => a + b, 0);
  document.getElementById('c-run').textContent = s.runId.slice(0, 8);
}

async function tick() {
  try {
    await Promise.all([pollStats(), loadGroups(false), pollMessages()]);
  } catch (e) {
    console.warn(e);
  } finally {
    setTimeout(tick, POLL_MS);
  }
}

document.getElementById('filter').oninput = e => { state.filter = e.target.value; renderGroups(); };
document.getElementById('more').onclick = () => loadGroups(true);
const initial = new URLSearchParams(location.search).get('group');
if (initial) state.selected = initial;
tick();
