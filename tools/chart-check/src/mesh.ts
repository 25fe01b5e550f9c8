import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface MeshEntry {
  name: string;
  schema: string;
  grpcPort: number;
  opsPort: number;
  addrEnv: string;
  httpPort?: number;
}

/**
 * Reads MESH from packages/platform/src/mesh.ts, the one address book, by
 * parsing the source (no build of the platform package needed).
 */
export function readMesh(root: string): Record<string, MeshEntry> {
  const file = join(root, 'packages/platform/src/mesh.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  let literal: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'MESH' && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) literal = init;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!literal) throw new Error(`${file}: no object literal MESH found`);
  return toValue(literal, file) as Record<string, MeshEntry>;
}

function toValue(node: ts.Expression, file: string): unknown {
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) throw new Error(`${file}: unsupported MESH syntax: ${p.getText()}`);
      const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : p.name.getText();
      out[key] = toValue(p.initializer, file);
    }
    return out;
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  throw new Error(`${file}: unsupported MESH value: ${node.getText()}`);
}
