import type { RouteRecordRaw } from 'vue-router';
import type { ConsoleMenuEntry } from '@/consoles';

/** The procurement staff's console (招标人/招标代理): its pages and its menu, in the order of a tender. */
export const staffRoutes: RouteRecordRaw[] = [
  { path: '', name: 'staff-home', component: () => import('./StaffDashboardPage.vue'), meta: { title: '待办与期限' } },
  { path: 'projects', name: 'staff-projects', component: () => import('./ProjectsPage.vue'), meta: { title: '招标项目' } },
  { path: 'projects/new', name: 'staff-project-new', component: () => import('./ProjectFormPage.vue'), meta: { title: '登记招标项目' } },
  { path: 'projects/:id', name: 'staff-project', component: () => import('./ProjectPage.vue'), meta: { title: '项目详情' } },
  { path: 'projects/:id/edit', name: 'staff-project-edit', component: () => import('./ProjectFormPage.vue'), meta: { title: '修改项目' } },
  { path: 'projects/:id/notices/new', name: 'staff-notice-new', component: () => import('./NoticeEditorPage.vue'), meta: { title: '起草公告' } },
  { path: 'notices/:id', name: 'staff-notice', component: () => import('./NoticeEditorPage.vue'), meta: { title: '公告' } },
  { path: 'sections/:id/downloads', name: 'staff-section-downloads', component: () => import('./SectionDownloadsPage.vue'), meta: { title: '招标文件下载记录' } },
  { path: 'sections/:id/questions', name: 'staff-section-questions', component: () => import('./SectionQuestionsPage.vue'), meta: { title: '答疑与澄清' } },
  // 开标与定标: the opening console, the evaluation, publicity, award and contract
  { path: 'opening-award', name: 'staff-opening-award', component: () => import('./OpeningAwardListPage.vue'), meta: { title: '开标与定标' } },
  { path: 'sections/:sectionId/opening', name: 'staff-opening', component: () => import('./OpeningConsolePage.vue'), meta: { title: '开标控制台' } },
  { path: 'sections/:sectionId/award', name: 'staff-award', component: () => import('./AwardConsolePage.vue'), meta: { title: '评标与定标' } },
];

export const staffMenu: ConsoleMenuEntry[] = [
  { label: '待办与期限', name: 'staff-home' },
  { label: '招标项目', name: 'staff-projects' },
  { label: '登记招标项目', name: 'staff-project-new' },
  { label: '开标与定标', name: 'staff-opening-award' },
];

