import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The procurement staff's console (招标人/招标代理): its pages and its menu, in the order of a tender. */
export const staffRoutes: RouteRecordRaw[] = [
  { path: '', name: 'staff-home', component: () => import('./StaffDashboardPage.vue'), meta: { title: '待办与期限' } },
];

export const staffMenu: ConsoleMenuEntry[] = [{ label: '待办与期限', name: 'staff-home' }];
