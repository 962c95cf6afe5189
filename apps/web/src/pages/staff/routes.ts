import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The procurement staff's console (招标人/招标代理): its pages and its menu, in the order of a tender. */
export const staffRoutes: RouteRecordRaw[] = [
  { path: '', name: 'staff-home', component: () => import('./StaffDashboardPage.vue'), meta: { title: '待办与期限' } },
];

export const staffMenu: ConsoleMenuEntry[] = [{ label: '待办与期限', name: 'staff-home' }];

// 开标与定标 (the opening console, the evaluation, publicity, award and contract): appended by the staff-award work
staffRoutes.push(
  { path: 'opening-award', name: 'staff-opening-award', component: () => import('./OpeningAwardListPage.vue'), meta: { title: '开标与定标' } },
  { path: 'sections/:sectionId/opening', name: 'staff-opening', component: () => import('./OpeningConsolePage.vue'), meta: { title: '开标控制台' } },
  { path: 'sections/:sectionId/award', name: 'staff-award', component: () => import('./AwardConsolePage.vue'), meta: { title: '评标与定标' } },
);
staffMenu.push({ label: '开标与定标', name: 'staff-opening-award' });
