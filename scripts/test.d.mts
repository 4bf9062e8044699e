export function needsPrivateKeyring(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
  secretService?: (env: Readonly<Record<string, string | undefined>>) => boolean,
): boolean
