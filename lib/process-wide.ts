/**
 * One instance for the whole server process. Next bundles each route and page on its own, each with its own copy of
 * every module, so a plain module-level instance would exist once per route: limits and slots kept that way would
 * multiply with the number of routes.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`link-doctor.${name}`);
  const registry = globalThis as { [key: symbol]: T | undefined };
  return (registry[key] ??= create());
}
