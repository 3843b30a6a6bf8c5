// esbuild's keepNames keeps the names users see (stack traces, constructor.name, error.name) when
// joining modules renames a declaration (a class that refers to itself becomes `class _Logger`),
// but it does so with side effects at import time: a `__name(fn, "fn")` call after every function
// and a `static { __name(this, "Class"); }` block in every class. A bundler must keep code with
// side effects, so every function and class of an entry stayed in a user's bundle whether used or
// not: a Logger-only bundle carried injectLambdaContext, the correlation paths and all of core.
// This pass keeps the names and drops the side effects:
//   `__name(fn, "fn");`                      -> `/* @__PURE__ */ __name(fn, "fn");`
//   `static { __name(this, "Class"); }`      -> `static get name() { return "Class"; }`
// A bundler removes a pure call whose result is unused with the function it names, and a class
// whose members are only methods and accessors has no side effect to keep.

const STATIC_BLOCK = /static \{\n(\s*)__name\(this, ("(?:[^"\\]|\\.)*")\);\n(\s*)\}/g;
const NAME_STATEMENT = /^(\s*)__name\(/gm;

/**
 * Rewrites esbuild's keepNames output of one file so that keeping names has no side effect.
 *
 * @example
 * pureNames('function f() {}\n__name(f, "f");\n'); // 'function f() {}\n/* @__PURE__ *\/ __name(f, "f");\n'
 */
export function pureNames(text) {
  return text
    .replace(STATIC_BLOCK, 'static get name() {\n$1return $2;\n$3}')
    .replace(NAME_STATEMENT, '$1/* @__PURE__ */ __name(');
}

/**
 * What is left of keepNames' side effects in a file: static blocks that name a class, and
 * `__name` calls that start a statement without a pure annotation. Empty when pureNames did its job.
 *
 * @example
 * impureNames(text); // []
 */
export function impureNames(text) {
  const left = [];
  for (const match of text.matchAll(/static \{\s*__name\(this/g)) left.push(match[0]);
  for (const match of text.matchAll(/^\s*__name\([^)]*\)/gm)) left.push(match[0].trim());
  return left;
}
