// Hands a file made in the page or the worker (a backup, an SQL export, a
// skipped-rows CSV) to the browser's download, under the name given.

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
