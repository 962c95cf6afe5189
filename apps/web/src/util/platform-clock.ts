import { onBeforeUnmount, ref } from 'vue';
import { api, ok } from '@/api/client';

/**
 * The platform's clock as this page sees it: the server time that counts for every deadline (R15), read from
 * GET /api/time once and kept by the computer's monotonic clock since, so a wrong computer clock does not matter.
 */
export function usePlatformClock() {
  const now = ref<number>(Date.now());
  let offset = 0;
  void ok<{ now: string }>(api.GET('/api/time')).then(
    (time) => {
      offset = new Date(time.now).getTime() - Date.now();
      now.value = Date.now() + offset;
    },
    () => undefined, // the computer's clock until the platform's is known
  );
  const timer = setInterval(() => (now.value = Date.now() + offset), 1000);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** '2 天 03 小时 04 分 05 秒' until a deadline, or '' once it passed. */
export function remaining(deadline: string | null | undefined, now: number): string {
  if (!deadline) return '';
  let s = Math.floor((new Date(deadline).getTime() - now) / 1000);
  if (s <= 0) return '';
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d ? `${d} 天 ` : ''}${pad(h)} 小时 ${pad(m)} 分 ${pad(s)} 秒`;
}
