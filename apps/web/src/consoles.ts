import type { RouteRecordRaw } from 'vue-router';
import { adminMenu, adminRoutes } from './pages/admin/routes';
import { staffMenu, staffRoutes } from './pages/staff/routes';
import { supervisorMenu, supervisorRoutes } from './pages/supervisor/routes';

/**
 * The consoles of the roles that work in the platform (procurement staff, supervisors, administrators), each
 * under its own path with its own menu. A console's pages live in pages/<role>/ and are listed in its routes.ts;
 * the frame (ConsoleLayout) shows the menu and refuses the pages to any other role with a clear message.
 * Each console is its own chunk: a reader of a notice downloads none of them.
 */
export type ConsoleRole = 'bidder' | 'staff' | 'supervisor' | 'admin';

export interface ConsoleMenuEntry {
  label: string;
  /** the route's name under the console */
  name: string;
}

export interface ConsoleDefinition {
  role: Exclude<ConsoleRole, 'bidder'>;
  /** the console's name in the header and the menu */
  title: string;
  path: string;
  menu: ConsoleMenuEntry[];
  children: RouteRecordRaw[];
}

export const ROLE_LABELS: Record<ConsoleRole, string> = {
  bidder: '投标人',
  staff: '招标人/招标代理',
  supervisor: '行政监督部门',
  admin: '系统管理员',
};

export const consoles: ConsoleDefinition[] = [
  { role: 'staff', title: '招标人工作台', path: '/staff', menu: staffMenu, children: staffRoutes },
  { role: 'supervisor', title: '监督工作台', path: '/supervisor', menu: supervisorMenu, children: supervisorRoutes },
  { role: 'admin', title: '系统管理', path: '/admin', menu: adminMenu, children: adminRoutes },
];

/** Where a role's work starts after logging in, and where the header's 工作台 link leads. */
export function homeOf(role: string): string {
  return consoles.find((c) => c.role === role)?.path ?? '/bidder';
}

/** The name of the workspace of a role, for the header. */
export function workspaceTitleOf(role: string): string {
  return consoles.find((c) => c.role === role)?.title ?? '投标人工作台';
}

/** The routes of every console, each under its layout, marked with the one role allowed in. */
export function consoleRoutes(layout: () => Promise<unknown>): RouteRecordRaw[] {
  return consoles.map((c) => ({
    path: c.path,
    component: layout as RouteRecordRaw['component'],
    meta: { auth: true, role: c.role, console: c.role },
    children: c.children.map((child) => ({ ...child, meta: { ...child.meta, auth: true, role: c.role } })),
  })) as RouteRecordRaw[];
}
