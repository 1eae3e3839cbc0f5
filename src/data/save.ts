// Hands a file the worker made (a backup, an SQL export) to the browser's
// download, under the name the engine gave it.

export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // The download has started reading the blob by then; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
