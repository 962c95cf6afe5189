import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The supervisor's console (行政监督部门): its pages and its menu. */
export const supervisorRoutes: RouteRecordRaw[] = [
  { path: '', name: 'supervisor-home', component: () => import('./SupervisorHomePage.vue'), meta: { title: '投诉处理' } },
];

export const supervisorMenu: ConsoleMenuEntry[] = [{ label: '投诉处理', name: 'supervisor-home' }];
