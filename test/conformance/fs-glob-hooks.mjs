/** Resolve hook for fs-glob-shim.mjs: only the conformance packages' `fs` imports are redirected. */
export async function resolve(specifier, context, next) {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    /\/conformance-0[12]\//.test(context.parentURL ?? '')
  ) {
    return { url: new URL('./fs-with-glob.mjs', import.meta.url).href, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}
