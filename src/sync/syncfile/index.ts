export {
  exportSyncFile,
  importSyncFile,
  readSyncFileHeader,
  sealSyncFile,
  SYNCFILE_ORIGIN,
  type SyncFileOptions,
  type ExportOptions,
  type ExportError,
  type ImportError,
  type ImportSummary,
} from './syncfile';
export { FORMAT_VERSION, HEADER_BYTES, type SyncFileHeader, type SyncFileKind } from './format';
