/**
 * Type-level checks generated from Powertools' declarations: every public method of every
 * exported class exists on lambkit's class of the same name, and what a switcher passes to
 * Powertools' constructors, methods and functions (the parameter lists) is accepted by lambkit's.
 * The checks are written as one TypeScript module, compiled once; each error names its check.
 */
import ts from 'typescript-api';
import { compileEach } from './snippets.js';
import { declarationFileOf, lambkitSpecifier, subpathsOf, withSubpath } from './surface.js';

interface Check {
  id: string;
  code: string;
}

const PRELUDE = `
type Assignable<A extends B, B> = A;
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : [];
`;

function isPrivate(declaration: ts.Declaration | undefined): boolean {
  if (declaration === undefined) return true;
  const modifiers = ts.canHaveModifiers(declaration) ? ts.getModifiers(declaration) : undefined;
  const hidden = modifiers?.some(
    (modifier) =>
      modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword,
  );
  const name = ts.getNameOfDeclaration(declaration);
  return hidden === true || (name !== undefined && ts.isPrivateIdentifier(name));
}

/** Whether a parameter's type is an instance of a class Powertools itself declares. */
function isPowertoolsInstance(checker: ts.TypeChecker, parameter: ts.Symbol): boolean {
  const type = checker.getTypeOfSymbol(parameter);
  const types = type.isUnion() ? type.types : [type];
  return types.some((member) => {
    const declaration = (member.getSymbol() ?? member.aliasSymbol)?.declarations?.[0];
    const file = declaration?.getSourceFile().fileName ?? '';
    return (
      declaration !== undefined &&
      ts.isClassDeclaration(declaration) &&
      file.includes('@aws-lambda-powertools')
    );
  });
}

function checksForModule(
  checker: ts.TypeChecker,
  moduleSymbol: ts.Symbol,
  id: string,
  alias: string,
): Check[] {
  const checks: Check[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.name;
    const theirs = `PT_${alias}.${name}`;
    const ours = `LK_${alias}.${name}`;
    if (symbol.flags & ts.SymbolFlags.Class) {
      const classType = checker.getTypeOfSymbol(symbol);
      const constructors = classType.getConstructSignatures();
      const abstract =
        (ts.getCombinedModifierFlags(symbol.declarations?.[0] as ts.Declaration) &
          ts.ModifierFlags.Abstract) !==
        0;
      if (!abstract && constructors.some((signature) => signature.parameters.length > 0)) {
        checks.push({
          id: `${id}:params:${name}.constructor`,
          code: `type C_${checks.length} = Assignable<ConstructorParameters<typeof ${theirs}>, ConstructorParameters<typeof ${ours}>>;`,
        });
      }
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      for (const property of checker.getPropertiesOfType(instance)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (isPrivate(declaration) || property.name.startsWith('__')) continue;
        const propertyType = checker.getTypeOfSymbol(property);
        const signatures = propertyType.getCallSignatures();
        if (signatures.length === 0) continue;
        const member = `'${property.name}'`;
        checks.push({
          id: `${id}:method:${name}#${property.name}`,
          code: `type M_${checks.length} = ${ours}[${member}];`,
        });
        const firstIsInstance = signatures.some(
          (signature) =>
            signature.parameters[0] !== undefined && isPowertoolsInstance(checker, signature.parameters[0]),
        );
        const params = (type: string) =>
          firstIsInstance ? `Tail<Parameters<${type}[${member}]>>` : `Parameters<${type}[${member}]>`;
        if (signatures.length === 1 && signatures[0]?.parameters.length) {
          checks.push({
            id: `${id}:params:${name}#${property.name}`,
            code: `type P_${checks.length} = Assignable<${params(theirs)}, ${params(ours)}>;`,
          });
        }
      }
      continue;
    }
    if (symbol.flags & ts.SymbolFlags.Function) {
      const signatures = checker.getTypeOfSymbol(symbol).getCallSignatures();
      if (signatures.length !== 1 || signatures[0]?.parameters.length === 0) continue;
      const first = signatures[0]?.parameters[0];
      const tail = first !== undefined && isPowertoolsInstance(checker, first);
      const params = (type: string) =>
        tail ? `Tail<Parameters<typeof ${type}>>` : `Parameters<typeof ${type}>`;
      checks.push({
        id: `${id}:params:${name}`,
        code: `type F_${checks.length} = Assignable<${params(theirs)}, ${params(ours)}>;`,
      });
    }
  }
  return checks;
}

/**
 * The gap ids of the type-level checks for one Powertools package: `logger:method:Logger#info`
 * (lambkit's class lacks the method), `logger:params:Logger#info` (Powertools' parameters are not
 * accepted), `logger/middleware:params:injectLambdaContext` (options of a function).
 */
export function signatureGaps(name: string): string[] {
  const powertools = `@aws-lambda-powertools/${name}`;
  const modules = subpathsOf(powertools)
    .map((subpath) => ({
      subpath,
      theirs: declarationFileOf(withSubpath(powertools, subpath)),
      ours: declarationFileOf(lambkitSpecifier(withSubpath(powertools, subpath))),
    }))
    .filter((entry) => entry.theirs !== undefined && entry.ours !== undefined);
  if (modules.length === 0) return [];
  const program = ts.createProgram(
    modules.map((entry) => entry.theirs as string),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  const imports: string[] = [];
  const checks: Check[] = [];
  modules.forEach((entry, index) => {
    const source = program.getSourceFile(entry.theirs as string);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) return;
    const specifier = withSubpath(powertools, entry.subpath);
    imports.push(`import type * as PT_${index} from '${specifier}';`);
    imports.push(`import type * as LK_${index} from '${lambkitSpecifier(specifier)}';`);
    const id = entry.subpath === '.' ? name : `${name}${entry.subpath.slice(1)}`;
    checks.push(...checksForModule(checker, moduleSymbol, id, String(index)));
  });
  // One module per check keeps each error on its own check; they share one compiler program.
  const codes = checks.map((check) => [...imports, PRELUDE, check.code].join('\n'));
  const results = compileEach(codes);
  const gaps = checks.filter((_, index) => (results[index]?.length ?? 0) > 0).map((check) => check.id);
  // A missing method is one gap, not two: its parameters cannot be accepted either.
  return gaps.filter(
    (gap) => !gaps.includes(gap.replace(':params:', ':method:')) || !gap.includes(':params:'),
  );
}
