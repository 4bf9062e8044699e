import { parseArgs } from 'node:util'
import { SANDBOX_DEFAULT_PORT } from './credentials'
import { DEMO_TEMPLATE_ID, DEMO_VOUCHERS } from './demo-data'
import { startSandboxGateway } from './gateway'

/**
 * `npm run sandbox -- --port 8830 [--control]`: the sandbox gateway on its own, for training
 * and for browser tests. Serves until Ctrl+C (SIGINT) or SIGTERM.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: String(SANDBOX_DEFAULT_PORT) },
    control: { type: 'boolean', default: false },
  },
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 picks a free one), not ${values.port}`)
  process.exit(2)
}

const gateway = await startSandboxGateway({ port, control: values.control })
const { appKey, appSecret, sessionKey } = gateway.credentials

console.log(`Coupon Desk sandbox gateway (TOP protocol) listening
  Gateway URL  ${gateway.url}/router/rest
  App Key      ${appKey}
  App Secret   ${appSecret}
  Session Key  ${sessionKey}
  Control API  ${values.control ? `${gateway.url}/__sandbox/state, POST ${gateway.url}/__sandbox/faults` : 'off (start with --control)'}

Demo vouchers (state NORMAL unless noted):
${DEMO_VOUCHERS.map((v) => `  ${v.voucherId}  ${v.customerId}  ${v.initialState === 'NORMAL' ? '      ' : v.initialState}  ${v.note.zh} / ${v.note.en}`).join('\n')}
Demo template id: ${DEMO_TEMPLATE_ID}
Ctrl+C stops.`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the sandbox gateway`)
    void gateway.stop().then(() => process.exit(0))
  })
}
