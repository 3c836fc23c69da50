/* global window, document, localStorage, fetch, navigator, location */
// Starts Web Chat on the Complaint Center page: gets a token from this server (never a Direct
// Line secret), keeps the user's handle in localStorage so their cases follow them across
// reloads, and tells the bot who joined and which case to open (event `webchat/join`).
(function () {
  'use strict';

  var USER_KEY = 'complaintCenter.webchat.userHandle';
  var statusEl = document.getElementById('chat-status');
  var host = document.getElementById('webchat');

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.classList.toggle('chat-status--error', Boolean(isError));
    statusEl.classList.toggle('chat-status--ok', !isError && text === '');
  }

  function readHandle() {
    try {
      return localStorage.getItem(USER_KEY) || undefined;
    } catch {
      return undefined;
    }
  }

  function saveHandle(handle) {
    try {
      localStorage.setItem(USER_KEY, handle);
    } catch {
      // Private browsing: the user is new on each visit.
    }
  }

  async function fetchToken(tokenUrl) {
    var handle = readHandle();
    var response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(handle ? { user: handle } : {}),
    });
    if (!response.ok) throw new Error('token request failed with HTTP ' + response.status);
    var answer = await response.json();
    saveHandle(answer.userHandle);
    return answer;
  }

  var styleOptions = {
    accent: '#0b57a4',
    backgroundColor: '#ffffff',
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    fontSizeSmall: '80%',
    subtle: '#4b5563',
    timestampColor: '#4b5563',
    // Cards carry forms and case details: wider than Web Chat's 480 px default where there is room.
    bubbleMaxWidth: 640,
    bubbleBorderRadius: 10,
    bubbleFromUserBorderRadius: 10,
    bubbleBackground: '#f1f4f8',
    bubbleBorderColor: '#d5dbe3',
    // Light user bubbles: Web Chat draws file names and sizes in the default text colour.
    bubbleFromUserBackground: '#e3eefa',
    bubbleFromUserTextColor: '#1f2937',
    bubbleFromUserBorderColor: '#b6cbe6',
    botAvatarInitials: 'CC',
    botAvatarBackgroundColor: '#0b57a4',
    userAvatarInitials: 'You',
    hideUploadButton: false,
    sendBoxButtonColor: '#0b57a4',
    sendBoxButtonColorOnHover: '#083f78',
    suggestedActionBorderColor: '#0b57a4',
    suggestedActionTextColor: '#0b57a4',
    rootHeight: '100%',
  };

  var CONNECTION_MESSAGES = {
    // Values of Direct Line's ConnectionStatus.
    1: 'Connecting to the chat…',
    2: '',
    3: 'The chat session expired. Please reload the page.',
    4: 'The chat could not connect. Please check your connection and reload the page.',
    5: 'The chat has ended. Reload the page to start again.',
  };

  function unlinkGuessedLinks(html, source) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var anchors = template.content.querySelectorAll('a[href]');
    if (!anchors.length) return html;
    Array.prototype.forEach.call(anchors, function (anchor) {
      if (source.indexOf(anchor.getAttribute('href')) === -1) anchor.replaceWith(document.createTextNode(anchor.textContent));
    });
    return template.innerHTML;
  }

  function formatMb(bytes) {
    return (Math.round((bytes / (1024 * 1024)) * 10) / 10).toLocaleString() + ' MB';
  }

  // A file over the limit is refused here, before it is sent, with a message in the chat that says
  // the limit and what to do (the server would refuse it too, and Web Chat would only say "Send failed").
  function tooLargeMessage(files, maxMb) {
    var names = files.map(function (f) { return '"' + f.name + '" (' + formatMb(f.size) + ')'; }).join(', ');
    var one = files.length === 1;
    return (
      names + (one ? ' is' : ' are') + ' larger than ' + maxMb + ' MB, the most one file can be, so ' + (one ? 'it was' : 'they were') + ' not sent. ' +
      'Make ' + (one ? 'it' : 'them') + ' smaller (for example, scan pages at a lower resolution or save photos as JPG), ' +
      'or split the files into several zips of up to ' + maxMb + ' MB each, then attach them again with the paperclip.'
    );
  }

  var notices = 0;
  function showLocalNotice(api, text) {
    notices += 1;
    api.dispatch({
      type: 'DIRECT_LINE/INCOMING_ACTIVITY',
      payload: {
        activity: {
          type: 'message',
          id: 'page-notice-' + Date.now() + '-' + notices,
          from: { id: 'page-notice', role: 'bot', name: 'Complaint Center' },
          timestamp: new Date().toISOString(),
          channelData: { 'webchat:page-notice': true },
          text: text,
          textFormat: 'plain',
        },
      },
    });
  }

  async function start() {
    var config = JSON.parse(document.getElementById('webchat-config').textContent);
    if (config.mode === 'off') {
      setStatus('The chat is not available right now. Please try again later.', true);
      return;
    }
    if (!window.WebChat) {
      setStatus('The chat could not be loaded. Please reload the page.', true);
      return;
    }
    var answer = await fetchToken(config.tokenUrl);
    var domain = answer.domain.charAt(0) === '/' ? location.origin + answer.domain : answer.domain;
    var directLine = window.WebChat.createDirectLine({ token: answer.token, domain: domain, webSocket: true });
    var locale = navigator.language || 'en-US';
    var timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var joined = false;

    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !joined) {
            joined = true;
            var value = { locale: locale, timeZone: timeZone };
            if (config.caseNumber) value['case'] = config.caseNumber;
            api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: value } });
          }
          if (action.type === 'WEB_CHAT/SET_SEND_BOX_ATTACHMENTS' && config.maxFileBytes) {
            var chosen = (action.payload && action.payload.attachments) || [];
            var tooLarge = [];
            var kept = chosen.filter(function (a) {
              var blob = a && a.blob;
              if (blob && typeof blob.size === 'number' && blob.size > config.maxFileBytes) {
                tooLarge.push({ name: blob.name || 'file', size: blob.size });
                return false;
              }
              return true;
            });
            if (tooLarge.length) {
              showLocalNotice(api, tooLargeMessage(tooLarge, Math.round(config.maxFileBytes / (1024 * 1024))));
              action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { attachments: kept }) });
            }
          }
          if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS') {
            var message = CONNECTION_MESSAGES[action.payload.connectionStatus];
            if (message !== undefined) setStatus(message, action.payload.connectionStatus > 2);
          }
          return next(action);
        };
      };
    });

    // Web Chat's markdown turns ' into a typographic ’, which would change the exact status labels
    // (e.g. "Awaiting the other party's response"); an entity is kept as it is.
    // Markdown also turns plain words that look like addresses ("Alibaba.com", an email address) into
    // links; only links the text really contains (their address written out) stay links.
    var renderMarkdown = window.WebChat.renderMarkdown
      ? function (markdown) {
          var rest = Array.prototype.slice.call(arguments, 1);
          var source = String(markdown);
          var html = window.WebChat.renderMarkdown.apply(null, [source.replace(/'/g, '&#39;')].concat(rest));
          return unlinkGuessedLinks(html, source);
        }
      : undefined;
    window.WebChat.renderWebChat(
      { directLine: directLine, store: store, userID: answer.userId, locale: locale, styleOptions: styleOptions, renderMarkdown: renderMarkdown },
      host,
    );
    document.body.setAttribute('data-chat-user', answer.userId);
  }

  start().catch(function () {
    setStatus('The chat could not start. Please reload the page in a moment.', true);
  });
})();
