import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The supervisor's console (行政监督部门): its pages and its menu. */
export const supervisorRoutes: RouteRecordRaw[] = [
  { path: '', name: 'supervisor-home', component: () => import('./ComplaintsInboxPage.vue'), meta: { title: '投诉处理' } },
  { path: 'cases/:id', name: 'supervisor-case', component: () => import('./SupervisorCasePage.vue'), meta: { title: '办理投诉' } },
  { path: 'audit', name: 'supervisor-audit', component: () => import('./AuditLogPage.vue'), meta: { title: '审计日志' } },
];

export const supervisorMenu: ConsoleMenuEntry[] = [
  { label: '投诉处理', name: 'supervisor-home' },
  { label: '审计日志', name: 'supervisor-audit' },
];
