/**
 * File types Coze accepts for upload and workflow file inputs (the upload doc's list: documents, sheets,
 * images, audio, video, archives, code and text), with the MIME type sent in the multipart part.
 */
const TYPES = new Map<string, string>(
  Object.entries({
    // documents
    doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    pdf: 'application/pdf',
    ppt: 'application/vnd.ms-powerpoint',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    xls: 'application/vnd.ms-excel',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    csv: 'text/csv',
    txt: 'text/plain',
    md: 'text/markdown',
    json: 'application/json',
    numbers: 'application/octet-stream',
    // images
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    heic: 'image/heic',
    heif: 'image/heif',
    bmp: 'image/bmp',
    pcd: 'image/x-photo-cd',
    tiff: 'image/tiff',
    svg: 'image/svg+xml',
    // audio
    wav: 'audio/wav',
    mp3: 'audio/mpeg',
    flac: 'audio/flac',
    m4a: 'audio/mp4',
    aac: 'audio/aac',
    ogg: 'audio/ogg',
    wma: 'audio/x-ms-wma',
    midi: 'audio/midi',
    // video
    mp4: 'video/mp4',
    avi: 'video/x-msvideo',
    mov: 'video/quicktime',
    '3gp': 'video/3gpp',
    '3gpp': 'video/3gpp',
    flv: 'video/x-flv',
    webm: 'video/webm',
    wmv: 'video/x-ms-wmv',
    rmvb: 'application/vnd.rn-realmedia-vbr',
    // archives and code
    zip: 'application/zip',
    rar: 'application/vnd.rar',
    '7z': 'application/x-7z-compressed',
    gz: 'application/gzip',
    py: 'text/x-python',
    js: 'text/javascript',
    ts: 'text/plain',
    java: 'text/x-java',
    c: 'text/x-c',
    cpp: 'text/x-c++',
    go: 'text/plain',
    html: 'text/html',
    xml: 'application/xml',
    yaml: 'text/yaml',
    yml: 'text/yaml',
  }),
);

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export function extensionOf(fileName: string): string {
  const i = fileName.lastIndexOf('.');
  return i < 0 ? '' : fileName.slice(i + 1).toLowerCase();
}

/** The extensions Coze takes, for a message that lists them. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...TYPES.keys()];

/** A Map, not `in` on an object: "x.constructor" or "x.__proto__" is no file type. */
export function isSupportedFileType(fileName: string): boolean {
  return TYPES.has(extensionOf(fileName));
}

export function mimeTypeFor(fileName: string): string {
  return TYPES.get(extensionOf(fileName)) ?? 'application/octet-stream';
}
