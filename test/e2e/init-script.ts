import { API_GLOBAL, EVENT_NAMES, METHOD_TO_CHANNEL } from '@contract/ipc/names'
import { BRIDGE_PREFIX, EVENTS_PATH, TOKEN_HEADER } from './bridge'

/**
 * The browser-test twin of the preload: the same `window.couponDesk` object with one method per
 * registry channel (the same METHOD_TO_CHANNEL table the preload builds from), posting to the
 * loopback bridge instead of ipcRenderer, and `on(event, listener)` fed by one stream of pushed
 * events (Server-Sent Events framing). Calls wait until that stream is open, so a push that
 * answers a call cannot be missed. Injected before any page script runs.
 */
export function buildInitScript(token: string): string {
  const config = JSON.stringify({
    methods: METHOD_TO_CHANNEL,
    events: EVENT_NAMES,
    token,
    prefix: BRIDGE_PREFIX,
    eventsPath: EVENTS_PATH,
    header: TOKEN_HEADER,
    global: API_GLOBAL,
  })
  return `(() => {
  const { methods, events, token, prefix, eventsPath, header, global } = ${config};
  const listeners = new Map(events.map((name) => [name, new Set()]));
  const deliver = (block) => {
    let name = 'message';
    let data = '';
    for (const line of block.split('\\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data === '' || !listeners.has(name)) return;
    // Each listener gets its own copy, as each ipcRenderer listener does.
    for (const listener of [...listeners.get(name)]) listener(JSON.parse(data));
  };
  const ready = fetch(eventsPath, { method: 'POST', headers: { [header]: token } })
    .then((response) => new Promise((opened) => {
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const pump = () => reader.read().then(({ value, done }) => {
        opened();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\\n\\n')) >= 0) {
          deliver(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        return pump();
      });
      pump().catch(opened);
    }))
    .catch(() => undefined);
  const api = {};
  for (const [method, channel] of Object.entries(methods)) {
    api[method] = (payload) =>
      ready.then(() => fetch(prefix + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [header]: token },
        body: JSON.stringify({ payload }),
      })).then((r) => r.json());
  }
  api.on = (event, listener) => {
    if (!listeners.has(event)) throw new TypeError('couponDesk.on: no such event ' + String(event));
    if (typeof listener !== 'function') throw new TypeError('couponDesk.on: the listener must be a function');
    listeners.get(event).add(listener);
    return () => void listeners.get(event).delete(listener);
  };
  Object.defineProperty(window, global, { value: Object.freeze(api), enumerable: true });
})();`
}
