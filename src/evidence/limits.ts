// Evidence limits and the allowed file kinds. Plain data: the store, the checks and the
// user-facing help text are all generated from the same options, so they never disagree.

/** A file kind we accept, named by its usual extension. */
export type EvidenceKind = 'pdf' | 'jpg' | 'png' | 'gif' | 'webp' | 'txt' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'zip';

export interface EvidenceKindInfo {
  kind: EvidenceKind;
  mime: string;
  /** How the kind is named to users. */
  label: string;
}

export const EVIDENCE_KINDS: Readonly<Record<EvidenceKind, EvidenceKindInfo>> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', label: 'PDF' },
  jpg: { kind: 'jpg', mime: 'image/jpeg', label: 'JPG' },
  png: { kind: 'png', mime: 'image/png', label: 'PNG' },
  gif: { kind: 'gif', mime: 'image/gif', label: 'GIF' },
  webp: { kind: 'webp', mime: 'image/webp', label: 'WebP' },
  txt: { kind: 'txt', mime: 'text/plain', label: 'TXT' },
  csv: { kind: 'csv', mime: 'text/csv', label: 'CSV' },
  doc: { kind: 'doc', mime: 'application/msword', label: 'DOC' },
  docx: { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'DOCX' },
  xls: { kind: 'xls', mime: 'application/vnd.ms-excel', label: 'XLS' },
  xlsx: { kind: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'XLSX' },
  zip: { kind: 'zip', mime: 'application/zip', label: 'ZIP' },
};

export const ALL_EVIDENCE_KINDS = Object.keys(EVIDENCE_KINDS) as EvidenceKind[];

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes (declared, and actually inflated when verified). */
  maxTotalUncompressedBytes: number;
  /** Uncompressed ÷ compressed, for the whole archive and for each entry. */
  maxRatio: number;
  maxEntries: number;
  /**
   * The ratio rule applies only above this many uncompressed bytes: a 50 KB text file of
   * spaces compresses 500:1 and is harmless; bombs are big by definition.
   */
  ratioFloorBytes: number;
}

export interface EvidenceLimits {
  maxFileBytes: number;
  maxFilesPerCase: number;
  allowedKinds: readonly EvidenceKind[];
  zip: ZipLimits;
}

export const MB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxTotalUncompressedBytes: 100 * MB,
  maxRatio: 100,
  maxEntries: 1000,
  ratioFloorBytes: 1 * MB,
};

export const DEFAULT_EVIDENCE_LIMITS: Readonly<EvidenceLimits> = {
  maxFileBytes: 10 * MB,
  maxFilesPerCase: 20,
  allowedKinds: ALL_EVIDENCE_KINDS,
  zip: DEFAULT_ZIP_LIMITS,
};

export type EvidenceLimitsInput = Partial<Omit<EvidenceLimits, 'zip'>> & { zip?: Partial<ZipLimits> };

/** Defaults overlaid with whatever the caller sets. */
export function resolveEvidenceLimits(input: EvidenceLimitsInput = {}): EvidenceLimits {
  const limits: EvidenceLimits = {
    maxFileBytes: input.maxFileBytes ?? DEFAULT_EVIDENCE_LIMITS.maxFileBytes,
    maxFilesPerCase: input.maxFilesPerCase ?? DEFAULT_EVIDENCE_LIMITS.maxFilesPerCase,
    allowedKinds: input.allowedKinds ?? DEFAULT_EVIDENCE_LIMITS.allowedKinds,
    zip: { ...DEFAULT_ZIP_LIMITS, ...input.zip },
  };
  for (const [name, v] of [
    ['maxFileBytes', limits.maxFileBytes],
    ['maxFilesPerCase', limits.maxFilesPerCase],
    ['zip.maxTotalUncompressedBytes', limits.zip.maxTotalUncompressedBytes],
    ['zip.maxRatio', limits.zip.maxRatio],
    ['zip.maxEntries', limits.zip.maxEntries],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`evidence limit ${name} must be a positive number (got ${v})`);
  }
  for (const k of limits.allowedKinds) if (!(k in EVIDENCE_KINDS)) throw new RangeError(`unknown evidence kind: ${k}`);
  return limits;
}

/** The limits from the application configuration (EVIDENCE_MAX_FILE_MB, EVIDENCE_MAX_FILES). */
export function evidenceLimitsFromConfig(config: { EVIDENCE_MAX_FILE_MB: number; EVIDENCE_MAX_FILES: number }): EvidenceLimits {
  return resolveEvidenceLimits({ maxFileBytes: config.EVIDENCE_MAX_FILE_MB * MB, maxFilesPerCase: config.EVIDENCE_MAX_FILES });
}
