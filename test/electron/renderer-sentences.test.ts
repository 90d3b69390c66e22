/**
 * The page's own error sentences are held to the rules main's are (error-sentences.test.ts;
 * test/support/sentence-rules.ts): a capital, a full stop, no undefined/null, no stack, no code,
 * no raw JSON, no field path. The walk reads every renderer source with the TypeScript parser (a
 * .svelte file's script, and its markup with Svelte's parser), so a new message is checked the
 * day it is written. What it reads as a message for the user:
 * - the action of `sentence(action, error)` (shown as "action. main's words");
 * - a string given to a name that ends in error, problem, warning or message (`this.error = …`,
 *   `signError = …`, `const problem = …`, `exportMessage = …`, `{ error: … }`), or returned by a
 *   function, method or getter so named (`exportProblem()`);
 * - the literal text of an element with role="alert", and ErrorNotice's literal `message`.
 * A literal, each branch of `?:`, `??` and `||`, and a template with "X" for each ${…} (a
 * message that ends with a value is judged by that value).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseSvelte } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../support/sentence-rules';

const ROOT = resolve(import.meta.dirname, '../..');
const MESSAGE_NAME = /(?:error|problem|warning|message)$/i;
/** A value that is a code, an error's raw text or JSON is not words either. */
const RAW_VALUE = /errorCode\(|\.code\b|String\(err|JSON\.stringify|\.stack\b/;

interface Walk {
  /** How many messages were read. */
  checked: number;
  /** "file:line: problems: text" for each that is not a sentence. */
  bad: string[];
  /** Every message read (SHOW_SENTENCES=1 prints them). */
  seen: string[];
}

/** The strings `expr` can be, as far as its literals tell ("X" for each ${…}). */
function textsOf(expr: ts.Expression, source: ts.SourceFile): { text: string; raw: string[] }[] {
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) {
    return textsOf(expr.expression, source);
  }
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
    return [{ text: expr.text, raw: [] }];
  }
  if (ts.isTemplateExpression(expr)) {
    return [
      {
        text: expr.head.text + expr.templateSpans.map((s) => `X${s.literal.text}`).join(''),
        raw: expr.templateSpans
          .map((s) => s.expression.getText(source))
          .filter((e) => RAW_VALUE.test(e)),
      },
    ];
  }
  // A function given to the name (`const problem = () => …`) and Svelte's `$state(…)`.
  if (ts.isArrowFunction(expr) && !ts.isBlock(expr.body)) return textsOf(expr.body, source);
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) {
    const first = expr.arguments[0];
    return expr.expression.text === '$state' && first ? textsOf(first, source) : [];
  }
  if (ts.isConditionalExpression(expr)) {
    return [...textsOf(expr.whenTrue, source), ...textsOf(expr.whenFalse, source)];
  }
  if (
    ts.isBinaryExpression(expr) &&
    (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return [...textsOf(expr.left, source), ...textsOf(expr.right, source)];
  }
  return [];
}

/** The name an assignment, declaration or property gives its value to; null for others. */
function targetName(node: ts.Node): string | null {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isStringLiteral(node)) return node.text;
  return null;
}

/** The name of the function, method or getter `node` returns from. */
function functionName(node: ts.Node): string | null {
  let at: ts.Node | undefined = node.parent;
  while (at !== undefined && !ts.isFunctionLike(at)) at = at.parent;
  if (at === undefined) return null;
  if (
    (ts.isFunctionDeclaration(at) ||
      ts.isMethodDeclaration(at) ||
      ts.isGetAccessorDeclaration(at) ||
      ts.isFunctionExpression(at)) &&
    at.name !== undefined
  ) {
    return targetName(at.name);
  }
  if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at)) && at.parent !== undefined) {
    const holder = at.parent;
    if (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)) {
      return targetName(holder.name);
    }
  }
  return null;
}

function judge(walk: Walk, where: string, text: string, more: string[] = []): void {
  walk.checked += 1;
  walk.seen.push(`${where}: ${text}`);
  const problems = [...more, ...problemsOf(text)].filter(
    (p) => !(p === 'does not end with a full stop' && text.endsWith('X')),
  );
  if (problems.length > 0) walk.bad.push(`${where}: ${problems.join(', ')}: ${text}`);
}

/** Walks TypeScript `code` (a .ts file, or a .svelte file's script starting at `line0`). */
function walkScript(walk: Walk, file: string, code: string, line0 = 0): void {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node) =>
    `${file}:${line0 + source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const message = (name: string | null, value: ts.Expression | undefined, at: ts.Node) => {
    if (name === null || value === undefined || !MESSAGE_NAME.test(name)) return;
    for (const { text, raw } of textsOf(value, source)) {
      judge(
        walk,
        where(at),
        text,
        raw.map((e) => `puts \${${e}} in`),
      );
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'sentence'
    ) {
      const action = node.arguments[0];
      for (const { text, raw } of action ? textsOf(action, source) : []) {
        // sentence() puts the full stop after the action, then main's words.
        const stop = /[.?!]$/.test(text)
          ? ['has a full stop of its own (sentence() adds one)']
          : [];
        judge(walk, where(node), `${text}.`, [...raw.map((e) => `puts \${${e}} in`), ...stop]);
      }
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      message(targetName(node.left), node.right, node);
    } else if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) {
      message(targetName(node.name), node.initializer, node);
    } else if (ts.isPropertyDeclaration(node)) {
      message(targetName(node.name), node.initializer, node);
    } else if (ts.isReturnStatement(node)) {
      message(functionName(node), node.expression, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

interface SvelteNode {
  type: string;
  name?: string;
  data?: string;
  start: number;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  fragment?: { nodes: SvelteNode[] };
}

/** The literal text of a static attribute; null when it is an expression or absent. */
function staticAttribute(node: SvelteNode, name: string): string | null {
  const attribute = node.attributes?.find((a) => a.type === 'Attribute' && a.name === name);
  if (!attribute || !Array.isArray(attribute.value)) return null;
  const parts = attribute.value as SvelteNode[];
  if (!parts.every((p) => p.type === 'Text')) return null;
  return parts.map((p) => p.data ?? '').join('');
}

/** The text an element shows: its text, "X" for each {…}, its children's text. */
function shownText(nodes: readonly SvelteNode[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'Text') return n.data ?? '';
      if (n.type === 'ExpressionTag') return 'X';
      if (n.type === 'RegularElement') return shownText(n.fragment?.nodes ?? []);
      return ' ';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Walks a .svelte file: its instance script, then its markup. */
function walkSvelte(walk: Walk, file: string, code: string): void {
  const ast = parseSvelte(code, { modern: true }) as unknown as {
    instance: { content: { start: number; end: number } } | null;
    fragment: { nodes: SvelteNode[] };
  };
  if (ast.instance) {
    const { start, end } = ast.instance.content;
    walkScript(walk, file, code.slice(start, end), code.slice(0, start).split('\n').length - 1);
  }
  const line = (node: SvelteNode) => `${file}:${code.slice(0, node.start).split('\n').length}`;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as SvelteNode;
    if (node.type === 'RegularElement' && staticAttribute(node, 'role') === 'alert') {
      const text = shownText(node.fragment?.nodes ?? []);
      if (text !== 'X' && text !== '') judge(walk, line(node), text);
    }
    if (node.type === 'Component' && node.name === 'ErrorNotice') {
      const text = staticAttribute(node, 'message');
      if (text !== null) judge(walk, line(node), text);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'parent' && key !== 'metadata') visit(child);
    }
  };
  visit(ast.fragment);
}

function walkFile(walk: Walk, file: string, code: string): void {
  if (file.endsWith('.svelte')) walkSvelte(walk, file, code);
  else walkScript(walk, file, code);
}

/** Every .ts and .svelte file under `dir`. */
function rendererFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) rendererFiles(path, out);
    else if (/\.(ts|svelte)$/.test(path) && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

describe('the walk itself', () => {
  it('finds each kind of message and refuses what is not a sentence', () => {
    const walk: Walk = { checked: 0, bad: [], seen: [] };
    walkFile(
      walk,
      'state.svelte.ts',
      [
        "import { sentence } from './api';",
        'class S {',
        "  fail(e: never) { this.error = sentence('the list could not be read', e); }",
        '  other(e: never) { this.signError = `Failed: ${e.code}.`; }',
        "  exportProblem(): string | null { return 'passwords differ'; }",
        "  twice(e: never) { this.error = sentence('Not saved.', e); }",
        "  ok() { this.error = 'The words are copied.'; this.label = 'not a message'; }",
        '}',
        "const problem = (n: number) => (n > 1 ? 'Too many.' : 'value is undefined.');",
      ].join('\n'),
    );
    walkFile(
      walk,
      'Screen.svelte',
      [
        '<script lang="ts">',
        "  import ErrorNotice from './ErrorNotice.svelte';",
        "  let warning = $state('nothing to fear');",
        '</script>',
        '<p role="alert">Hub {name} is down</p>',
        '<p role="alert">{warning}</p>',
        '<ErrorNotice message="Error: EACCES." />',
      ].join('\n'),
    );
    expect(walk.bad).toEqual([
      'state.svelte.ts:3: does not start with a capital: the list could not be read.',
      'state.svelte.ts:4: puts ${e.code} in: Failed: X.',
      'state.svelte.ts:5: does not start with a capital, does not end with a full stop: passwords differ',
      'state.svelte.ts:6: has a full stop of its own (sentence() adds one): Not saved..',
      'state.svelte.ts:9: does not start with a capital, says undefined/null: value is undefined.',
      'Screen.svelte:3: does not start with a capital, does not end with a full stop: nothing to fear',
      'Screen.svelte:5: does not end with a full stop: Hub X is down',
      'Screen.svelte:7: looks like a stack, holds an error code: Error: EACCES.',
    ]);
    // The good ones were read too: the copied words and "Too many.".
    expect(walk.checked).toBe(walk.bad.length + 2);
  });
});

describe('every error sentence of the page', () => {
  it('is a sentence in words (each literal; the parts around a ${…} too)', () => {
    const walk: Walk = { checked: 0, bad: [], seen: [] };
    for (const file of rendererFiles(join(ROOT, 'renderer'))) {
      walkFile(walk, relative(ROOT, file), readFileSync(file, 'utf8'));
    }
    if (process.env['SHOW_SENTENCES']) console.log(walk.checked, walk.seen.join('\n'));
    // The walk found the page's messages (not an empty pass).
    expect(walk.checked).toBeGreaterThan(60);
    expect(walk.bad).toEqual([]);
  });
});
