import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The administrator's console (系统管理): its pages and its menu. */
export const adminRoutes: RouteRecordRaw[] = [
  { path: '', name: 'admin-home', component: () => import('./AdminHomePage.vue'), meta: { title: '账户与单位' } },
];

export const adminMenu: ConsoleMenuEntry[] = [{ label: '账户与单位', name: 'admin-home' }];
