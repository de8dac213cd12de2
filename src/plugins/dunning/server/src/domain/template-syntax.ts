import Handlebars from 'handlebars';

import { BLOCK_HELPERS, INVOICE_PLACEHOLDERS, PLACEHOLDERS } from './template-placeholders';

/**
 * Checks a template's Handlebars source before it is saved or rendered (SPEC F2.3):
 * it must parse, name only known placeholders, call only the allowed helpers, and
 * never switch escaping off or pull in partials. Pure: no Strapi, no rendering.
 */

export type TemplateProblem = { line: number; column: number; message: string };

type Scope = 'top' | 'invoice';

/**
 * The statements of a template's body. Handlebars types a body as its base `Statement`,
 * whose `type` is any text: these are the ones it has, told apart by `type`; any other
 * (a decorator) is reported as not allowed.
 */
type Statement =
  | hbs.AST.MustacheStatement
  | hbs.AST.BlockStatement
  | hbs.AST.PartialStatement
  | hbs.AST.PartialBlockStatement
  | hbs.AST.ContentStatement
  | hbs.AST.CommentStatement;

const statementsOf = (program: hbs.AST.Program) => program.body as Statement[];

const isPath = (node: hbs.AST.Node): node is hbs.AST.PathExpression =>
  node.type === 'PathExpression';

/** How an expression was written (a path's or a literal's source text). */
const writtenAs = (node: hbs.AST.Expression) => ('original' in node ? node.original : undefined);

const TOP_PATHS = new Set(PLACEHOLDERS.map((p) => p.name));
const INVOICE_PATHS = new Set(INVOICE_PLACEHOLDERS.map((p) => p.name));
const HELPERS = new Set<string>(BLOCK_HELPERS);
const BLOCKS = new Set(['if', 'unless', 'each']);
const LOOP_VARIABLES = new Set(['index', 'first', 'last']);

const where = (node: hbs.AST.Node) => ({
  line: node.loc?.start.line ?? 1,
  column: (node.loc?.start.column ?? 0) + 1,
});

/** Parse errors carry their position in the message ("Parse error on line 3: …"). */
const parseProblem = (error: Error & { lineNumber?: number; column?: number }): TemplateProblem => {
  const line = Number(/line (\d+)/.exec(error.message)?.[1] ?? error.lineNumber ?? 1);
  const column = Number(error.column ?? 0) + 1;
  const reason = error.message.split('\n').pop()?.trim() || error.message;
  return { line, column, message: `syntax error: ${reason}` };
};

export const findTemplateProblems = (source: string): TemplateProblem[] => {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    return [parseProblem(error as Error)];
  }

  const problems: TemplateProblem[] = [];
  const report = (node: hbs.AST.Node, message: string) =>
    problems.push({ ...where(node), message });

  const checkPath = (node: hbs.AST.Expression, scope: Scope) => {
    if (!isPath(node)) {
      report(node, 'only placeholders may be used here');
      return;
    }
    const name = node.parts.join('.');
    if (node.data) {
      if (scope !== 'invoice' || !LOOP_VARIABLES.has(name))
        report(node, `unknown variable "@${name}"`);
      return;
    }
    const effective: Scope = node.depth > 0 ? 'top' : scope;
    const known = effective === 'invoice' ? INVOICE_PATHS : TOP_PATHS;
    if (!known.has(name) || HELPERS.has(name)) {
      const hint = effective === 'invoice' ? ' inside {{#each invoices}}' : '';
      report(node, `unknown placeholder "${node.original}"${hint}`);
    }
  };

  const visit = (nodes: Statement[], scope: Scope) => {
    for (const node of nodes) {
      switch (node.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          if (!node.escaped) {
            report(node, 'triple braces {{{ }}} are not allowed: values are always escaped');
            break;
          }
          if (node.params.length > 0 || node.hash) {
            report(node, `"${writtenAs(node.path)}" takes no arguments`);
            break;
          }
          if (isPath(node.path) && HELPERS.has(node.path.original)) break;
          checkPath(node.path, scope);
          break;
        }
        case 'BlockStatement': {
          const helper = node.path.original;
          if (!BLOCKS.has(helper) || node.params.length !== 1 || node.hash) {
            report(
              node,
              `unknown block "{{#${helper}}}": use #if, #unless or #each with one placeholder`
            );
            break;
          }
          const [subject] = node.params;
          if (helper === 'each') {
            if (!isPath(subject) || subject.original !== 'invoices' || scope !== 'top') {
              report(node, '{{#each}} only loops over "invoices"');
              break;
            }
            visit(statementsOf(node.program), 'invoice');
          } else {
            checkPath(subject, scope);
            visit(statementsOf(node.program), scope);
          }
          if (node.inverse) visit(statementsOf(node.inverse), scope);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          report(node, 'partials {{> }} are not allowed');
          break;
        default: {
          const other: hbs.AST.Node = node;
          report(other, `"${other.type}" is not allowed in templates`);
        }
      }
    }
  };

  visit(statementsOf(program), 'top');
  return problems;
};
