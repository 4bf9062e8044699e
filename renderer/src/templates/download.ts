/**
 * Hands a text file to the user through the page's own download (a blob link): the renderer
 * has no file system, and main's window hardening decides where downloads may go.
 */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled, not before.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
