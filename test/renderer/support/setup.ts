import { config } from '@vue/test-utils'

// Element Plus teleports popups to <body>; keep them in place so tests can find them.
config.global.stubs = { teleport: true }
