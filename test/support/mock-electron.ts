import { vi } from 'vitest'

// Once for the whole `main` project: no test may load the real `electron` package.
vi.mock('electron', () => import('./electron-fake'))
