import type { RouteRecordRaw } from 'vue-router';

/**
 * The slots other modules' pages fill: a page adds its routes and its entry in the site menu here, and the
 * frame (header menu, home page columns, router) picks them up. Awards (候选人公示, 结果公告) and complaints
 * (办件状态) land here as their modules do; until then their menu entries show what is coming.
 */
export interface MenuEntry {
  /** the menu's label */
  label: string;
  /** where it leads */
  to: string;
  /** shown in the bidder's workspace menu rather than the public site's */
  workspace?: boolean;
}

export const extensionRoutes: RouteRecordRaw[] = [
  // awards (libs/awards): the publicity and result notices are in the notice list under their own types
  { path: '/publicity', name: 'publicity', redirect: { name: 'notices', query: { type: 'candidate_publicity' } } },
  { path: '/publicity/:sectionId', name: 'award', component: () => import('./pages/awards/AwardPage.vue'), meta: { title: '中标公示' } },
  // complaints (libs/complaints): the public case status board
  { path: '/cases', name: 'cases', component: () => import('./pages/complaints/CaseBoardPage.vue'), meta: { title: '办件状态' } },
  { path: '/cases/:caseNumber', name: 'case', component: () => import('./pages/complaints/CasePage.vue'), meta: { title: '案件' } },
];

export const extensionMenu: MenuEntry[] = [
  { label: '中标公示', to: '/publicity' },
  { label: '办件状态', to: '/cases' },
];
