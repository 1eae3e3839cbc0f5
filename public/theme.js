// Runs before the first paint (a plain script in index.html's head, allowed by
// the page's policy as one of its own files): the theme the user chose in the
// Theme menu, or the system's, so the page never flashes the other one.
// src/ui/theme.ts takes over once the app runs; keep the two in step.
;(function () {
  var choice = null
  try { choice = localStorage.getItem('cohortlite.theme') } catch (e) { /* storage off: the system's */ }
  var dark = choice === 'dark' || (choice !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
})()
