import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessSpec, API_PREFIX, API_PREFIX_EXCLUDES } from '@app/core';

export interface RouteInfo {
  method: string;
  path: string;
  access: AccessSpec | undefined;
  handler: string;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

const excluded = (method: string, path: string) =>
  API_PREFIX_EXCLUDES.some((e) => RequestMethod[e.method] === method && new RegExp(`^/${e.path.replace(/\{\*\w+\}/, '.+')}$`).test(path));

/** Every HTTP route of the application as served (under the /api prefix unless excluded), read from Nest's own metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const modules = app.get(ModulesContainer);
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const fn = proto[name];
      const path = Reflect.getMetadata(PATH_METADATA, fn);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
      const access = reflector.getAllAndOverride<AccessSpec | undefined>(ACCESS_KEY, [fn, wrapper.metatype]);
      for (const b of base) for (const p of ([] as string[]).concat(path)) routes.push({ method, path: excluded(method, join(b, p)) ? join(b, p) : join(API_PREFIX, b, p), access, handler: `${wrapper.name}.${name}` });
    }
  }
  return routes;
}
