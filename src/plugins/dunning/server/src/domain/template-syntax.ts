import Handlebars from 'handlebars';

import { BLOCK_HELPERS, INVOICE_PLACEHOLDERS, PLACEHOLDERS } from './template-placeholders';

/**
 * Checks a template's Handlebars source before it is saved or rendered (SPEC F2.3):
 * it must parse, name only known placeholders, call only the allowed helpers, and
 * never switch escaping off or pull in partials. Pure: no Strapi, no rendering.
 */

export type TemplateProblem = { line: number; column: number; message: string };

type Scope = 'top' | 'invoice';
type Node = {
  type: string;
  loc?: { start: { line: number; column: number } };
  // Handlebars types its AST nodes by a plain `type` string, which narrows none of them:
  // each check reads the fields of the node type it is on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  [field: string]: any;
};

const TOP_PATHS = new Set(PLACEHOLDERS.map((p) => p.name));
const INVOICE_PATHS = new Set(INVOICE_PLACEHOLDERS.map((p) => p.name));
const HELPERS = new Set<string>(BLOCK_HELPERS);
const BLOCKS = new Set(['if', 'unless', 'each']);
const LOOP_VARIABLES = new Set(['index', 'first', 'last']);

const where = (node: Node) => ({
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
  let program: Node;
  try {
    program = Handlebars.parse(source) as unknown as Node;
  } catch (error) {
    return [parseProblem(error as Error)];
  }

  const problems: TemplateProblem[] = [];
  const report = (node: Node, message: string) => problems.push({ ...where(node), message });

  const checkPath = (node: Node, scope: Scope) => {
    if (node.type !== 'PathExpression') {
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

  const visit = (nodes: Node[], scope: Scope) => {
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
            report(node, `"${node.path.original}" takes no arguments`);
            break;
          }
          if (node.path.type === 'PathExpression' && HELPERS.has(node.path.original)) break;
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
            if (
              subject.type !== 'PathExpression' ||
              subject.original !== 'invoices' ||
              scope !== 'top'
            ) {
              report(node, '{{#each}} only loops over "invoices"');
              break;
            }
            visit(node.program.body, 'invoice');
          } else {
            checkPath(subject, scope);
            visit(node.program.body, scope);
          }
          if (node.inverse) visit(node.inverse.body, scope);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          report(node, 'partials {{> }} are not allowed');
          break;
        default:
          report(node, `"${node.type}" is not allowed in templates`);
      }
    }
  };

  visit(program.body, 'top');
  return problems;
};
