// The Bot Framework connector client (Azure core-rest-pipeline) sends replies through
// HTTP(S)_PROXY even when serviceUrl is on this machine, so local replies would go to the proxy.
// Its proxy policy honours NO_PROXY, read once when the first connector client is built:
// add the loopback names to it before any adapter exists.
const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/** Adds loopback hosts to NO_PROXY/no_proxy in `env` (mutates it) and returns the new list. */
export function exemptLoopbackFromProxy(env: NodeJS.ProcessEnv = process.env): string {
  const current = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const merged = [...new Set([...current, ...LOOPBACK])].join(',');
  env.NO_PROXY = merged;
  env.no_proxy = merged;
  return merged;
}
