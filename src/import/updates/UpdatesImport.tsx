// The Profile updates tab of the Import page: a file of Engage updates applied in order.
import { FileImport } from '../events/FileImport'

export function UpdatesImport() {
  return <FileImport kind="updates" />
}
