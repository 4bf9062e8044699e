import { Menu, type MenuItemConstructorOptions } from 'electron'

/**
 * The packaged app's own menu: only what a cashier uses (copy and paste, undo, select all) and,
 * on macOS, the app menu Apple requires. Electron's default menu, which a packaged app would
 * otherwise show, offers View → Toggle Developer Tools (and Ctrl+Shift+I, Ctrl+R), which hands
 * whoever is at the counter, or whoever talked them into pasting something, the whole
 * `window.couponDesk` API. `webPreferences.devTools` is off in packaged builds as well, so no
 * shortcut or stray menu item can open them. Development keeps Electron's menu and DevTools.
 */
export function packagedMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    role: 'editMenu',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }
  if (platform !== 'darwin') return [edit]
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    edit,
  ]
}

/** Sets the packaged menu; in development leaves Electron's default (with DevTools) alone. */
export function installAppMenu(isPackaged: boolean, platform: NodeJS.Platform = process.platform): void {
  if (!isPackaged) return
  Menu.setApplicationMenu(Menu.buildFromTemplate(packagedMenuTemplate(platform)))
}
