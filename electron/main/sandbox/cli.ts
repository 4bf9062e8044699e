import { parseArgs } from 'node:util'
import { sandboxBanner } from './banner'
import { SANDBOX_DEFAULT_PORT } from './credentials'
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the sandbox gateway`)
    void gateway.stop().then(() => process.exit(0))
  })
}

// Handlers first: whoever reads the banner may stop the gateway at once.
console.log(sandboxBanner({ ...gateway.credentials, url: gateway.url, control: values.control }))
