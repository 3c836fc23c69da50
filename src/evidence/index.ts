// Evidence files: what other modules import.
export { EvidenceStore } from './evidence-store.js';
export type { EvidenceStoreOptions, PutEvidenceInput, PutEvidenceResult, StoredEvidence, OpenedEvidence } from './evidence-store.js';
export { EvidenceRejectedError, EvidenceNotFoundError } from './errors.js';
export type { EvidenceRejectionReason } from './errors.js';
export {
  DEFAULT_EVIDENCE_LIMITS,
  DEFAULT_ZIP_LIMITS,
  EVIDENCE_KINDS,
  ALL_EVIDENCE_KINDS,
  MB,
  resolveEvidenceLimits,
  evidenceLimitsFromConfig,
} from './limits.js';
export type { EvidenceKind, EvidenceKindInfo, EvidenceLimits, EvidenceLimitsInput, ZipLimits } from './limits.js';
export { detectEvidenceKind } from './detect-type.js';
export { inspectZip, listZipEntries, unsafeEntryName } from './zip-inspect.js';
export type { ZipEntryInfo, ZipCheckOptions } from './zip-inspect.js';
export { readLimited } from './read-limited.js';
export { sanitizeFileName } from './file-name.js';
export { formatBytes } from './format.js';
export { EVIDENCE_PRIVACY_WARNING, evidenceUploadNotice, evidenceLimitsText, evidenceZipHint, allowedTypesPlain } from './upload-help.js';
export type { UploadNotice } from './upload-help.js';
export { fetchAttachment, attachmentSource, TEAMS_FILE_DOWNLOAD_INFO } from './fetch-attachment.js';
export type { FetchAttachmentOptions, ChatAttachmentLike, AttachmentSource } from './fetch-attachment.js';
export { isPrivateAddress } from './network-guard.js';
