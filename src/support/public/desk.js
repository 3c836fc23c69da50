/* global window, document, fetch, location, history, URLSearchParams, EventSource, setTimeout, clearTimeout, setInterval */
// The support desk page: sign-in, queue and case page over the JSON API (/api/support), live updates by
// server-sent events, and each party's case card rendered with the bot's Adaptive Card template.
// No framework: the DOM is built with textContent only (user text is never parsed as HTML).
(function () {
  'use strict';
  var API = '/api/support';
  var body = document.body;
  var state = { me: null, cursor: null, rows: [], caseNumber: null, detail: null, reloadTimer: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else if (k.indexOf('on') === 0) e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function status(text, kind) {
    var s = $('status');
    s.textContent = text || '';
    s.className = 'status' + (kind ? ' status--' + kind : '');
    s.hidden = !text;
  }
  function show(id) {
    ['sign-in', 'queue', 'case'].forEach(function (x) { $(x).hidden = x !== id; });
  }

  function api(method, path, data) {
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (state.me) headers['X-CSRF-Token'] = state.me.csrf;
    }
    return fetch(API + path, { method: method, headers: headers, credentials: 'same-origin', body: data === undefined ? undefined : JSON.stringify(data) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) { var err = new Error(json.error || ('The server answered ' + res.status)); err.status = res.status; err.body = json; throw err; }
        return json;
      });
    });
  }

  // ── themes: Teams default / dark / high contrast, or the browser's preference ──
  function setTheme(theme) {
    var t = theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'default';
    document.documentElement.setAttribute('data-theme', t);
  }
  var qsTheme = new URLSearchParams(location.search).get('theme');
  if (qsTheme) setTheme(qsTheme);
  else if (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches) setTheme('dark');
  if (window.matchMedia && window.matchMedia('(forced-colors: active)').matches) setTheme('contrast');

  // ── time ──
  function fmtTime(iso) {
    var d = new Date(iso);
    return d.toLocaleString('en-GB', { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
  }
  function countdown(iso) {
    var ms = new Date(iso).getTime() - Date.now();
    var late = ms < 0;
    ms = Math.abs(ms);
    var d = Math.floor(ms / 86400000), h = Math.floor(ms / 3600000) % 24, m = Math.floor(ms / 60000) % 60, s = Math.floor(ms / 1000) % 60;
    var text = d > 0 ? d + 'd ' + h + 'h ' + m + 'm' : h > 0 ? h + 'h ' + m + 'm' : m + 'm ' + s + 's';
    return late ? text + ' overdue' : text + ' left';
  }
  function tick() {
    document.querySelectorAll('[data-deadline]').forEach(function (n) { n.textContent = countdown(n.getAttribute('data-deadline')); });
  }
  setInterval(tick, 1000);

  // ── sign-in ──
  var signInEmail = '';
  $('sign-in-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    signInEmail = $('sign-in-email').value.trim();
    status('Sending a code…');
    api('POST', '/sign-in', { email: signInEmail }).then(function (r) {
      status(r.message, 'ok');
      $('code-form').hidden = false;
      $('sign-in-code').focus();
    }).catch(function (e) { status(e.message, 'error'); });
  });
  $('code-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', '/sign-in/verify', { email: signInEmail, code: $('sign-in-code').value }).then(function (me) {
      signedIn(me);
    }).catch(function (e) { status(e.message, 'error'); });
  });
  $('sign-out').addEventListener('click', function () {
    api('POST', '/sign-out', {}).then(function () { location.href = '/support'; });
  });

  function signedIn(me) {
    state.me = me;
    $('who').textContent = me.email + ' (' + me.role + ')';
    $('sign-out').hidden = false;
    status('');
    startLive();
    route();
  }

  function teamsSignIn() {
    var teams = window.microsoftTeams;
    if (!teams || body.getAttribute('data-sso') !== 'on' || window.parent === window) return Promise.reject(new Error('not in Teams'));
    return teams.app.initialize().then(function () {
      return teams.app.getContext().then(function (ctx) {
        var t = ctx && ctx.app && ctx.app.theme;
        if (t) setTheme(t === 'contrast' ? 'contrast' : t);
      }).catch(function () { return undefined; });
    }).then(function () {
      return teams.authentication.getAuthToken();
    }).then(function (token) {
      return api('POST', '/sign-in/teams', { token: token });
    });
  }

  // ── routing ──
  function route() {
    var m = /^\/support\/cases\/([^/]+)$/.exec(location.pathname);
    if (m) openCase(decodeURIComponent(m[1]));
    else loadQueue(false);
  }
  window.addEventListener('popstate', function () { if (state.me) route(); });
  function go(path) {
    history.pushState(null, '', path);
    route();
  }

  // ── queue ──
  $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); loadQueue(false); });
  $('more').addEventListener('click', function () { loadQueue(true); });

  function queueQuery(append) {
    var p = new URLSearchParams();
    var q = $('filter-q').value.trim();
    if (q) p.set('q', q);
    var st = $('filter-state').value;
    if (st) p.set('state', st);
    if ($('filter-mine').checked && state.me) p.set('assignee', state.me.email);
    if (append && state.cursor) p.set('cursor', state.cursor);
    p.set('limit', '50');
    return '/cases?' + p.toString();
  }

  function loadQueue(append) {
    state.caseNumber = null;
    show('queue');
    document.title = 'Queue | Support desk';
    return api('GET', queueQuery(append)).then(function (r) {
      state.rows = append ? state.rows.concat(r.cases) : r.cases;
      state.cursor = r.nextCursor;
      var c = r.counts;
      $('counts').textContent = 'Processing ' + c.processing + ' · Awaiting respondent ' + c.awaiting_respondent + ' · Awaiting complainant ' + c.awaiting_complainant + ' · Closed ' + c.closed + ' · Cancelled ' + c.cancelled;
      renderQueue();
      $('more').hidden = !state.cursor;
      status(state.rows.length ? '' : 'No cases match.');
    }).catch(handleAuthError);
  }

  function partyText(row) {
    var who = row.complainant.company || row.complainant.name || row.complainant.email;
    return who + ' → ' + row.respondent.company;
  }

  function renderQueue() {
    var list = $('queue-list');
    list.textContent = '';
    state.rows.forEach(function (row) {
      var link = el('a', { href: '/support/cases/' + encodeURIComponent(row.number), class: 'row__number', onclick: function (ev) { ev.preventDefault(); go(this.getAttribute('href')); } }, [row.number]);
      var deadline = row.deadline ? el('span', { class: 'row__countdown', 'data-deadline': row.deadline, title: fmtTime(row.deadline) }, [countdown(row.deadline)]) : el('span', { class: 'row__countdown row__countdown--none' }, ['No deadline']);
      list.appendChild(el('li', { class: 'row row--' + row.bucket, 'data-case': row.number }, [
        el('div', { class: 'row__head' }, [link, el('span', { class: 'badge badge--' + row.bucket }, [row.bucketLabel]), deadline]),
        el('div', { class: 'row__type' }, [row.type]),
        el('div', { class: 'row__parties' }, [partyText(row)]),
        row.reason ? el('div', { class: 'row__reason' }, [row.reason]) : null,
        el('dl', { class: 'row__facts' }, [
          el('dt', { text: 'State' }), el('dd', {}, [el('code', { text: row.state })]),
          el('dt', { text: 'Complainant sees' }), el('dd', { text: row.views.complainant }),
          el('dt', { text: 'Respondent sees' }), el('dd', { text: row.views.respondent }),
          el('dt', { text: 'Assignee' }), el('dd', { text: row.assignee || 'Unassigned' }),
        ]),
      ]));
    });
  }

  // ── case page ──
  function openCase(number) {
    state.caseNumber = number;
    show('case');
    document.title = number + ' | Support desk';
    return api('GET', '/cases/' + encodeURIComponent(number)).then(function (d) {
      state.detail = d;
      renderCase(d);
    }).catch(handleAuthError);
  }

  function section(title, children, cls) {
    return el('section', { class: 'card ' + (cls || '') }, [el('h2', { text: title })].concat(children));
  }

  function field(label, input) {
    var id = 'f-' + Math.random().toString(36).slice(2);
    input.id = id;
    return el('div', { class: 'field' }, [el('label', { for: id, text: label }), input]);
  }
  function select(name, options, value) {
    var s = el('select', { name: name });
    options.forEach(function (o) { var opt = el('option', { value: o[0], text: o[1] }); if (o[0] === value) opt.selected = true; s.appendChild(opt); });
    return s;
  }
  function actionForm(title, fields, submitText, path, toBody) {
    var form = el('form', { class: 'action' }, [el('h3', { text: title })].concat(fields).concat([el('button', { class: 'btn btn--primary', type: 'submit', text: submitText })]));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var data = toBody(form.elements);
      if (data === null) return;
      data.version = state.detail.version;
      if (path === 'notes') delete data.version;
      var button = form.querySelector('button');
      button.disabled = true;
      status('Saving…');
      api('POST', '/cases/' + encodeURIComponent(state.detail.number) + '/' + path, data).then(function (d) {
        state.detail = d;
        renderCase(d);
        status(title + ': done.', 'ok');
      }).catch(function (e) {
        if (e.status === 409) {
          status(e.message + ' The page now shows the case as it is.', 'warn');
          openCase(state.detail.number);
        } else status(e.message, 'error');
      }).then(function () { button.disabled = false; });
    });
    return form;
  }

  var OUTCOMES = [['resolved_for_complainant', 'Resolved for the complainant'], ['resolved_for_respondent', 'Resolved for the respondent'], ['settled', 'Settled'], ['no_fault_found', 'No fault found']];
  var PARTIES = [['complainant', 'Complainant'], ['respondent', 'Respondent']];

  function actions(d) {
    var open = d.state !== 'closed' && d.state !== 'cancelled';
    var forms = [];
    if (d.state === 'processing') {
      forms.push(actionForm('Request a response', [
        field('Party', select('party', PARTIES, 'complainant')),
        field('Hours to respond', el('input', { name: 'hours', type: 'number', min: '1', max: '1440', value: '72', required: true })),
        field('Message to the party', el('textarea', { name: 'message', rows: '3', maxlength: '4000' })),
      ], 'Request response', 'request-response', function (f) { return { party: f.party.value, hours: Number(f.hours.value), message: f.message.value }; }));
    }
    if (d.awaiting) {
      var later = new Date(new Date(d.deadline).getTime() + 48 * 3600000).toISOString().slice(0, 16);
      forms.push(actionForm('Extend the deadline', [
        field('New deadline (UTC)', el('input', { name: 'deadline', type: 'datetime-local', value: later, required: true })),
        field('Note to the party', el('textarea', { name: 'note', rows: '2', maxlength: '4000' })),
      ], 'Extend', 'extend', function (f) { return { deadline: new Date(f.deadline.value + 'Z').toISOString(), note: f.note.value }; }));
    }
    if (open) {
      forms.push(actionForm('Message a party', [
        field('Party', select('party', PARTIES, d.awaiting || 'complainant')),
        field('Message', el('textarea', { name: 'text', rows: '3', maxlength: '4000', required: true })),
      ], 'Send message', 'messages', function (f) { return { party: f.party.value, text: f.text.value }; }));
      forms.push(actionForm('Close the case', [
        field('Outcome', select('outcome', OUTCOMES, 'resolved_for_complainant')),
        field('Resolution (both parties see it)', el('textarea', { name: 'resolution', rows: '3', maxlength: '4000', required: true })),
      ], 'Close case', 'close', function (f) { return { outcome: f.outcome.value, resolution: f.resolution.value }; }));
    }
    forms.push(actionForm('Internal note', [field('Note (staff only)', el('textarea', { name: 'text', rows: '2', maxlength: '4000', required: true }))], 'Add note', 'notes', function (f) { return { text: f.text.value }; }));
    var staff = [['', 'Unassigned']].concat((state.me.staff || []).map(function (s) { return [s, s]; }));
    forms.push(actionForm('Assign', [field('Staff member', select('email', staff, d.assignee || ''))], 'Assign', 'assign', function (f) { return { email: f.email.value }; }));
    return section('Actions', forms, 'card--actions');
  }

  function describeEvent(e) {
    var who = e.actorId ? e.actor + ' (' + e.actorId + ')' : e.actor;
    var what = e.type.replace(/_/g, ' ');
    if (e.from && e.to) what += ': ' + e.from + ' → ' + e.to;
    else if (e.to) what += ' → ' + e.to;
    if (e.party) what += ' · party: ' + e.party;
    if (e.deadline) what += ' · deadline ' + fmtTime(e.deadline);
    if (e.outcome) what += ' · ' + e.outcome;
    if (e.assignee !== undefined) what += ' · ' + (e.assignee || 'unassigned');
    return { who: who, what: what };
  }

  function renderCase(d) {
    var root = $('case');
    root.textContent = '';
    var back = el('a', { href: '/support', class: 'back', onclick: function (ev) { ev.preventDefault(); go('/support'); } }, ['← Queue']);
    var head = el('div', { class: 'case-head' }, [
      back,
      el('h1', { id: 'case-title', text: d.number + ' · ' + d.type }),
      el('p', { class: 'case-head__meta' }, [
        el('span', { class: 'badge badge--' + d.bucket, text: d.bucketLabel }), ' ',
        el('code', { text: d.state }),
        d.deadline ? el('span', { class: 'row__countdown', 'data-deadline': d.deadline, title: fmtTime(d.deadline) }, [countdown(d.deadline)]) : null,
      ]),
      d.reason ? el('p', { class: 'row__reason', text: d.reason }) : null,
    ]);
    var overview = section('Overview', [el('dl', { class: 'facts' }, [
      el('dt', { text: 'Complainant' }), el('dd', { text: [d.complainant.name, d.complainant.company, d.complainant.email].filter(Boolean).join(' · ') }),
      el('dt', { text: 'Respondent' }), el('dd', { text: d.respondent.company + ' · ' + d.respondent.email }),
      el('dt', { text: 'Complainant sees' }), el('dd', { text: d.views.complainant }),
      el('dt', { text: 'Respondent sees' }), el('dd', { text: d.views.respondent }),
      el('dt', { text: 'Deadline' }), el('dd', { text: d.deadline ? fmtTime(d.deadline) + (d.awaiting ? ' (' + d.awaiting + ')' : '') : '—' }),
      el('dt', { text: 'Reminders sent' }), el('dd', { text: d.reminders.length ? d.reminders.map(function (r) { return r.hoursBefore + ' h (' + r.party + ')'; }).join(', ') : 'None' }),
      el('dt', { text: 'Assignee' }), el('dd', { text: d.assignee || 'Unassigned' }),
      d.outcome ? el('dt', { text: 'Outcome' }) : null, d.outcome ? el('dd', { text: d.outcome }) : null,
      d.resolution ? el('dt', { text: 'Resolution' }) : null, d.resolution ? el('dd', { text: d.resolution }) : null,
    ])].concat(d.fields.length ? [el('h3', { text: 'Complaint' }), el('dl', { class: 'facts' }, d.fields.reduce(function (a, f) { a.push(el('dt', { text: f.label }), el('dd', { text: f.value })); return a; }, []))] : []));

    var evidence = section('Evidence', d.evidence.length ? d.evidence.map(function (f) {
      var isImage = /^image\/(png|jpeg|gif|webp)$/.test(f.mime);
      return el('div', { class: 'file' }, [
        el('a', { href: f.url, download: f.name, class: 'file__name', text: f.name }),
        el('span', { class: 'file__meta', text: ' ' + f.mime + ' · ' + formatBytes(f.size) + ' · from the ' + f.uploadedBy + ' · ' + fmtTime(f.uploadedAt) }),
        isImage ? el('img', { src: f.url, alt: 'Preview of ' + f.name, class: 'file__preview', loading: 'lazy' }) : null,
        f.zipEntries ? el('ul', { class: 'file__zip' }, f.zipEntries.map(function (z) { return el('li', { text: z.name + (z.directory ? '' : ' (' + formatBytes(z.size) + ')') }); })) : null,
      ]);
    }) : [el('p', { class: 'muted', text: 'No files.' })]);

    var timeline = section('Timeline', [el('ol', { class: 'timeline' }, d.timeline.map(function (e) {
      var t = describeEvent(e);
      return el('li', { class: e.internal ? 'timeline__item timeline__item--internal' : 'timeline__item' }, [
        el('time', { datetime: e.at, text: fmtTime(e.at) }),
        el('div', {}, [el('strong', { text: t.what }), el('span', { class: 'muted', text: ' by ' + t.who + (e.internal ? ' · staff only' : '') })]),
        e.note ? el('p', { class: 'timeline__note', text: e.note }) : null,
      ]);
    }))]);
    var notes = section('Notifications', d.notifications.length ? [el('ul', { class: 'plain' }, d.notifications.map(function (n) {
      return el('li', { text: fmtTime(n.at) + ' · ' + n.kind.replace(/_/g, ' ') + ' · ' + n.channel + ' · ' + n.status + (n.error ? ' (' + n.error + ')' : '') });
    }))] : [el('p', { class: 'muted', text: 'None yet.' })]);
    var cards = section('What the parties see in chat', [
      el('div', { class: 'cards' }, [
        el('div', { class: 'cards__one' }, [el('h3', { text: 'Complainant' }), el('div', { class: 'ac', id: 'card-complainant' })]),
        el('div', { class: 'cards__one' }, [el('h3', { text: 'Respondent' }), el('div', { class: 'ac', id: 'card-respondent' })]),
      ]),
    ]);
    root.appendChild(head);
    root.appendChild(el('div', { class: 'case-grid' }, [
      el('div', { class: 'case-grid__main' }, [overview, evidence, timeline, cards, notes]),
      el('div', { class: 'case-grid__side' }, [actions(d)]),
    ]));
    renderCards(d);
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1048576) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1048576).toFixed(1) + ' MB';
  }

  // The cards' text is markdown as in Teams: bold and italics only, everything else shown as typed.
  function markdown(text, result) {
    var html = String(text).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
    html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|[^\\])_([^_]+)_/g, '$1<em>$2</em>');
    html = html.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1').replace(/\n/g, '<br>');
    result.outputHtml = html;
    result.didProcess = true;
  }

  function renderCards(d) {
    if (!window.AdaptiveCards) return;
    window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = markdown;
    ['complainant', 'respondent'].forEach(function (party) {
      var host = $('card-' + party);
      if (!host) return;
      try {
        var card = new window.AdaptiveCards.AdaptiveCard();
        card.hostConfig = new window.AdaptiveCards.HostConfig({ fontFamily: 'Segoe UI, system-ui, sans-serif', supportsInteractivity: false });
        card.parse(d.cards[party]);
        host.textContent = '';
        var rendered = card.render();
        if (rendered) host.appendChild(rendered);
      } catch (e) {
        host.textContent = 'The card could not be shown: ' + e.message;
      }
    });
  }

  // ── live updates ──
  var source = null;
  function startLive() {
    if (source || !window.EventSource) return;
    source = new EventSource(API + '/events');
    source.addEventListener('case', function (ev) {
      var change = JSON.parse(ev.data);
      clearTimeout(state.reloadTimer);
      state.reloadTimer = setTimeout(function () {
        if (state.caseNumber) {
          if (change.number === state.caseNumber && (!state.detail || change.version > state.detail.version)) {
            openCase(state.caseNumber).then(function () { status('The case was updated.', 'ok'); });
          }
        } else if (!$('queue').hidden) loadQueue(false);
      }, 250);
    });
  }

  function handleAuthError(e) {
    if (e.status === 401) { show('sign-in'); status(''); return; }
    status(e.message, 'error');
  }

  // ── start ──
  api('GET', '/session').then(function (s) {
    if (s.signedIn) return signedIn(s);
    return teamsSignIn().then(function () { return api('GET', '/me').then(signedIn); }).catch(function (te) {
      show('sign-in');
      status(te && te.status === 403 ? te.message : s.error || '');
    });
  }).catch(function (e) { status(e.message, 'error'); });
})();
