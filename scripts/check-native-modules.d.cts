// Types of check-native-modules.cjs, for its test (test/build/electron-builder.test.ts).

export const ARCH_NAMES: readonly string[]
export function binaryTarget(bytes: Buffer): { platform: 'linux' | 'win32' | 'darwin'; archs: string[] } | undefined
export function nativeModuleProblems(resourcesDir: string, platform: string, arch: string): string[]
export function afterPack(context: {
  electronPlatformName: string
  arch: number | string
  appOutDir: string
  packager: { getResourcesDir(appOutDir: string): string }
}): Promise<void>
