import path from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './manifests.ts';
import { fromRoot } from './paths.ts';

/**
 * The strict pass the schema validation lacks: kubernetes-models' schemas accept unknown fields
 * (`resouces:` is silently ignored, as `kubectl apply` without server-side validation would). Each
 * object is written as a TypeScript literal typed with its kubernetes-models interface, and the
 * compiler's excess-property and type checks report every field the Kubernetes API does not define.
 * Returns one message per problem, naming the object.
 */
export function strictProblems(objects: K8sObject[]): string[] {
  const file = fromRoot('deploy/checks/.strict-manifests.ts');
  const owners: { from: number; to: number; name: string }[] = [];
  const lines: string[] = [];
  objects.forEach((object, index) => {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['v1', undefined];
    const module = version
      ? `kubernetes-models/${group}/${version}/${object.kind}`
      : `kubernetes-models/v1/${object.kind}`;
    lines.push(`import type { I${object.kind} as T${index} } from '${module}';`);
  });
  objects.forEach((object, index) => {
    const literal = `export const o${index}: T${index} = ${JSON.stringify(object, null, 2)};`.split('\n');
    owners.push({
      from: lines.length + 1,
      to: lines.length + literal.length,
      name: `${object.kind} ${object.metadata?.name}`,
    });
    lines.push(...literal);
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    path.resolve(name) === file
      ? ts.createSourceFile(name, source, language, true)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => path.resolve(name) === file || fileExists.call(host, name);
  host.readFile = (name) => (path.resolve(name) === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
    (diagnostic) => {
      const line =
        diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      const owner = owners.find((o) => line >= o.from && line <= o.to);
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      return `${owner?.name ?? `line ${line}`}: ${text}`;
    },
  );
}
