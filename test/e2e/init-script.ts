import { API_GLOBAL, METHOD_TO_CHANNEL } from '@contract/ipc/registry'
import { BRIDGE_PREFIX, TOKEN_HEADER } from './bridge'

/**
 * The browser-test twin of the preload: the same `window.couponDesk` object with one method per
 * registry channel (the same METHOD_TO_CHANNEL table the preload builds from), posting to the
 * loopback bridge instead of ipcRenderer. Injected before any page script runs.
 */
export function buildInitScript(token: string): string {
  const config = JSON.stringify({ methods: METHOD_TO_CHANNEL, token, prefix: BRIDGE_PREFIX, header: TOKEN_HEADER, global: API_GLOBAL })
  return `(() => {
  const { methods, token, prefix, header, global } = ${config};
  const api = {};
  for (const [method, channel] of Object.entries(methods)) {
    api[method] = (payload) =>
      fetch(prefix + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [header]: token },
        body: JSON.stringify({ payload }),
      }).then((r) => r.json());
  }
  Object.defineProperty(window, global, { value: Object.freeze(api), enumerable: true });
})();`
}
