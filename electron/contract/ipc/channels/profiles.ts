/** Connection profile and keychain channels (issue 3). */
export const profileChannels = {}
