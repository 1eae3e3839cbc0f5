// The Data page: keeping the workspace safe (back up, restore, storage) and
// getting it out (export as SQL), or starting over (erase).
import { BackupSection } from './BackupSection'
import { EraseSection } from './EraseSection'
import { RestoreSection } from './RestoreSection'
import { SqlSection } from './SqlSection'
import { StorageSection } from './StorageSection'
import './data.css'

export function DataPage() {
  return (
    <section class="page data-page" aria-labelledby="data-title">
      <h1 id="data-title">Data</h1>
      <p class="lead muted">Everything lives in this browser only. Back it up to keep it safe, or move it elsewhere.</p>
      <div class="data-grid">
        <BackupSection />
        <RestoreSection />
        <StorageSection />
        <SqlSection />
        <EraseSection />
      </div>
    </section>
  )
}
