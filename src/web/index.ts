// Public surface of the web chat module, for the composition root.
export {
  ensureWebChatIndexes,
  registerWebChat,
  webChatMode,
  type UrlSource,
  type WebChat,
  type WebChatConfig,
  type WebChatDeps,
} from './register-webchat.js';
