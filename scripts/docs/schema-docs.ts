/**
 * The TSDoc of every scenario field, by path (`cluster.nodePools[].gpu.mig`), read through the
 * TypeScript checker from the type `ScenarioInput` (z.input of the schema): zod's inferred types
 * keep the comments written on the schema's object literals.
 */
import ts from "typescript";

const MAX_DEPTH = 12;

export function schemaDocs(schemaFile: string, typeName = "ScenarioInput"): Map<string, string> {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName);
  if (!symbol) throw new Error(`${schemaFile}: no exported type ${typeName}`);
  const docs = new Map<string, string>();
  const seen = new Set<ts.Type>();

  const walk = (type: ts.Type, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const t = checker.getNonNullableType(type);
    for (const u of t.isUnion() ? t.types : [t]) {
      if (checker.isArrayType(u) || checker.isTupleType(u)) {
        const element = checker.getTypeArguments(u as ts.TypeReference)[0];
        if (element) walk(element, `${path}[]`, depth + 1);
        continue;
      }
      if (!(u.flags & ts.TypeFlags.Object) || seen.has(u)) continue;
      seen.add(u);
      for (const info of checker.getIndexInfosOfType(u)) walk(info.type, `${path}.*`, depth + 1);
      for (const p of checker.getPropertiesOfType(u)) {
        const at = path === "" ? p.name : `${path}.${p.name}`;
        const doc = ts.displayPartsToString(p.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
        if (doc !== "" && !docs.has(at)) docs.set(at, doc);
        walk(checker.getTypeOfSymbol(p), at, depth + 1);
      }
      seen.delete(u);
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(symbol), "", 0);
  return docs;
}
