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
    var renderMarkdown = window.WebChat.renderMarkdown
      ? function (markdown) {
          var rest = Array.prototype.slice.call(arguments, 1);
          return window.WebChat.renderMarkdown.apply(null, [String(markdown).replace(/'/g, '&#39;')].concat(rest));
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
