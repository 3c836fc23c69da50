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
export { ATTACHMENTS_PATH, DIRECT_LINE_BASE } from './directline/client-routes.js';
export { TOKEN_PATH } from './token-endpoint.js';
