import { DomainError } from '@app/core';

const MiB = 1024 * 1024;

/** "2 GiB", "200 MiB", "512 KiB", "10 bytes": for messages a user reads. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * MiB, 'GiB'],
    [MiB, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

function fileNameReasonZh(reason: string): string {
  if (reason.startsWith('not valid percent-encoding')) return '不是有效的百分号编码（UTF-8）';
  const control = /^holds the control character (U\+[0-9A-F]+)$/.exec(reason);
  if (control) return `含有控制字符 ${control[1]}`;
  return reason;
}

/** The refusals of an upload, each with a stable code (see the global problem+json filter). */
export const UploadErrors = {
  tooLarge: (maxSize: number, purpose: string) =>
    new DomainError(
      'UPLOAD_TOO_LARGE',
      413,
      `文件超过允许的大小（最大 ${formatBytes(maxSize)}）`,
      `The file is larger than allowed (at most ${formatBytes(maxSize)})`,
      { maxSize, purpose },
    ),
  typeNotAllowed: (allowed: readonly string[], purpose: string, reason?: string) =>
    new DomainError(
      'UPLOAD_TYPE_NOT_ALLOWED',
      415,
      allowed.length > 0
        ? `文件类型不允许，仅接受：${allowed.join('、')}（按文件内容判断，不看扩展名）`
        : '文件内容不符合要求的格式',
      allowed.length > 0
        ? `This type of file is not allowed; accepted: ${allowed.join(', ')} (judged by the content, not the extension)`
        : 'The file content is not in the required format',
      { allowed: [...allowed], purpose, ...(reason ? { reason } : {}) },
    ),
  extensionMismatch: (extension: string, detected: string, expected: readonly string[], purpose: string) =>
    new DomainError(
      'UPLOAD_EXTENSION_MISMATCH',
      415,
      `文件扩展名与文件内容不符：名称为 .${extension}，内容为 ${detected}（应为 ${expected.map((e) => `.${e}`).join('、')}）`,
      `The file name's extension does not match its content: named .${extension}, the content is ${detected} (name it ${expected.map((e) => `.${e}`).join(', ')})`,
      { extension, detected, expected: [...expected], purpose },
    ),
  fileNameInvalid: (reason: string) =>
    new DomainError('UPLOAD_FILE_NAME_INVALID', 400, `文件名不合法：${fileNameReasonZh(reason)}`, `The file name is not valid: ${reason}`, { reason }),
  notRawBody: () =>
    new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      '请以原始字节上传文件（Content-Type: application/octet-stream）',
      'Send the file as the raw body (Content-Type: application/octet-stream)',
    ),
  empty: () => new DomainError('UPLOAD_EMPTY', 400, '文件为空', 'The file is empty'),
  incomplete: () =>
    new DomainError('UPLOAD_INCOMPLETE', 400, '文件上传未完成，请重新上传', 'The upload did not complete; upload the file again'),
  sizeMismatch: (declared: number, received: number) =>
    new DomainError(
      'UPLOAD_SIZE_MISMATCH',
      400,
      `文件大小与声明不符（声明 ${declared} 字节，收到 ${received} 字节）`,
      `The file size differs from the declared size (declared ${declared} bytes, received ${received})`,
      { declared, received },
    ),
};

export const ObjectStoreErrors = {
  invalidKey: (reason: string) =>
    new DomainError('OBJECT_KEY_INVALID', 400, '对象键不合法', `Invalid object key: ${reason}`),
  notFound: () => new DomainError('OBJECT_NOT_FOUND', 404, '文件不存在', 'The file does not exist'),
};
