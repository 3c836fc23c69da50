// Request paths as they go into the logs (the query string never does: it may carry tokens).

/**
 * The path as logged. A web chat upload's URL is its only permission (the bot fetches it without a
 * token) and names the file: the key and the name are left out.
 */
export function loggedPath(path: string): string {
  return path.replace(/^(\/v3\/directline\/attachments\/).+$/, '$1[redacted]');
}
