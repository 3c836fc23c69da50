// Refusals users see. Every refusal carries a stable reason code (for logs, tests and
// callers that branch) and a message written for the person who tried to upload.

export type EvidenceRejectionReason =
  | 'empty'
  | 'too_large'
  | 'too_many_files'
  | 'type_not_allowed'
  | 'text_not_utf8'
  | 'zip_corrupt'
  | 'zip_too_many_entries'
  | 'zip_too_big'
  | 'zip_ratio'
  | 'zip_size_mismatch'
  | 'zip_nested_archive'
  | 'zip_unsafe_path'
  | 'zip_encrypted'
  | 'zip_unsupported_method'
  | 'bad_url'
  | 'download_failed'
  | 'download_timeout';

export class EvidenceRejectedError extends Error {
  override readonly name = 'EvidenceRejectedError';
  constructor(
    readonly reason: EvidenceRejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** The file does not exist, or belongs to another case than the one asked for. */
export class EvidenceNotFoundError extends Error {
  override readonly name = 'EvidenceNotFoundError';
  constructor(readonly fileId: string) {
    super('That file was not found.');
  }
}
