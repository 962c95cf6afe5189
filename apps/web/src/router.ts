import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './api/session';
import { consoleRoutes } from './consoles';
import { extensionRoutes } from './extensions';

/**
 * Every page has its own URL and title and opens directly from a link (the api answers index.html for them).
 * Public pages, the bidder's workspace and each role's console (consoles.ts) are separate chunks: a reader of a
 * notice downloads no workspace code.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/public/HomePage.vue'), meta: { title: '首页' } },
  { path: '/notices', name: 'notices', component: () => import('./pages/public/NoticeListPage.vue'), meta: { title: '交易公告' } },
  { path: '/notices/:id', name: 'notice', component: () => import('./pages/public/NoticePage.vue'), meta: { title: '公告详情' } },
  { path: '/opening/:sectionId', name: 'opening', component: () => import('./pages/public/OpeningRecordPage.vue'), meta: { title: '开标记录' } },
  { path: '/info/:slug', name: 'info', component: () => import('./pages/public/ContentPage.vue'), meta: { title: '服务指南' } },
  { path: '/receipts/verify', name: 'verify-receipt', component: () => import('./pages/public/VerifyReceiptPage.vue'), meta: { title: '回执验证' } },
  { path: '/documents/verify', name: 'verify-notice', component: () => import('./pages/public/VerifyNoticePage.vue'), meta: { title: '通知书验证' } },
  { path: '/statistics', name: 'statistics', component: () => import('./pages/public/StatisticsPage.vue'), meta: { title: '交易统计' } },
  { path: '/coming/:what', name: 'coming', component: () => import('./pages/public/ComingPage.vue'), meta: { title: '即将开通' } },
  { path: '/login', name: 'login', component: () => import('./pages/bidder/LoginPage.vue'), meta: { title: '登录' } },
  { path: '/register', name: 'register', component: () => import('./pages/bidder/RegisterPage.vue'), meta: { title: '投标人注册' } },
  // the bidder's workspace: another role is refused by its frame (BidderLayout), as the consoles' frame does
  {
    path: '/bidder',
    component: () => import('./components/BidderLayout.vue'),
    meta: { auth: true, role: 'bidder' },
    children: [
      { path: '', name: 'workspace', component: () => import('./pages/bidder/WorkspacePage.vue'), meta: { title: '投标人工作台' } },
      { path: 'sections/:sectionId', name: 'bid', component: () => import('./pages/bidder/BidPage.vue'), meta: { title: '递交投标文件' } },
    ],
  },
  ...extensionRoutes,
  ...consoleRoutes(() => import('./components/ConsoleLayout.vue')),
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/public/NotFoundPage.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach((to) => {
  if (to.meta.auth && !session.loggedIn) return { name: 'login', query: { redirect: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = `${(to.meta.title as string | undefined) ?? ''} - 公共资源电子招投标交易平台`;
});

// An expired session (the API refused the token and the refresh) asks to log in again, then comes back here.
session.onExpired(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
});

/** Sets the page's title once its content is known (a notice's own title). */
export function setTitle(title: string): void {
  document.title = `${title} - 公共资源电子招投标交易平台`;
}
