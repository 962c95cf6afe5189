import { authFetch, problemOf } from '@/api/client';

/** Downloads an API file with the session's token (tender documents) and hands it to the browser as a file. */
export async function downloadWithToken(href: string, fallbackName: string): Promise<{ sha256: string | null }> {
  const res = await authFetch(href);
  if (!res.ok) throw await problemOf(res);
  const blob = await res.blob();
  saveBlob(blob, fileNameOf(res.headers.get('content-disposition')) ?? fallbackName);
  return { sha256: res.headers.get('x-content-sha256') };
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1] : null;
}
