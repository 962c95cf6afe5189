import { ref, watch, type Ref } from 'vue';
import { api, ok } from '@/api/client';
import type { operations } from '@/api/schema';
import type { NoticeChecks } from './staff';


/**
 * The legal figures of what is being typed, from GET /api/rules/notice-checks (the server's rules table and
 * working-day calendar, the same the publication refuses with): asked again a moment after each change, the
 * answer to an older question never overwriting a newer one.
 */
export function useNoticeChecks(query: () => Record<string, string | undefined> | null): { checks: Ref<NoticeChecks | null>; pending: Ref<boolean> } {
  const checks = ref<NoticeChecks | null>(null);
  const pending = ref(false);
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(
    query,
    (q) => {
      clearTimeout(timer);
      if (!q) {
        asked++;
        checks.value = null;
        pending.value = false;
        return;
      }
      pending.value = true;
      timer = setTimeout(async () => {
        const mine = ++asked;
        const clean = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as operations['StaffConsoleController_noticeChecks']['parameters']['query'];
        try {
          const answer = await ok<NoticeChecks>(api.GET('/api/rules/notice-checks', { params: { query: clean } }));
          if (mine === asked) checks.value = answer;
        } catch {
          if (mine === asked) checks.value = null;
        } finally {
          if (mine === asked) pending.value = false;
        }
      }, 250);
    },
    { immediate: true, deep: true },
  );
  return { checks, pending };
}
