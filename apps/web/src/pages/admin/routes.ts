import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The administrator's console (系统管理): its pages and its menu. */
export const adminRoutes: RouteRecordRaw[] = [
  { path: '', name: 'admin-home', component: () => import('./AccountsPage.vue'), meta: { title: '账户与单位' } },
  { path: 'calendars', name: 'admin-calendars', component: () => import('./CalendarsPage.vue'), meta: { title: '节假日安排' } },
  { path: 'content', name: 'admin-content', component: () => import('./ContentEditorPage.vue'), meta: { title: '网站栏目' } },
  { path: 'exchange', name: 'admin-exchange', component: () => import('./ExchangePage.vue'), meta: { title: '数据交换' } },
];

export const adminMenu: ConsoleMenuEntry[] = [
  { label: '账户与单位', name: 'admin-home' },
  { label: '节假日安排', name: 'admin-calendars' },
  { label: '网站栏目', name: 'admin-content' },
  { label: '数据交换', name: 'admin-exchange' },
];
