/** Resolve hook for fs-glob-shim.mjs: only the conformance package's `fs` import is redirected. */
export async function resolve(specifier, context, next) {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    context.parentURL?.includes('/conformance-02/') === true
  ) {
    return { url: new URL('./fs-with-glob.mjs', import.meta.url).href, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}
