import { findTemplateProblems } from '../../src/plugins/dunning/server/src/domain/template-syntax';

describe('findTemplateProblems (SPEC F2.3)', () => {
  it('accepts placeholders, the two blocks and #if/#unless/#each over invoices', () => {
    const source = [
      '{{#if contact.name}}Bonjour {{contact.name}},{{else}}Bonjour,{{/if}}',
      '',
      '{{#each invoices}}- {{number}} {{amountDue}} {{@index}} {{../customer.name}}',
      '{{/each}}',
      '{{invoicesTable}}',
      '{{#unless portalUrl}}x{{/unless}}{{accessInvoicesButton}}',
    ].join('\n');
    expect(findTemplateProblems(source)).toEqual([]);
  });

  it('gives the line and column of an unknown placeholder name', () => {
    expect(findTemplateProblems('Hello\n  {{customer.nmae}}')).toEqual([
      { line: 2, column: 5, message: 'unknown placeholder "customer.nmae"' },
    ]);
  });

  it('refuses invoice fields outside the loop and top fields inside it without ../', () => {
    expect(findTemplateProblems('{{number}}')).toEqual([
      { line: 1, column: 3, message: 'unknown placeholder "number"' },
    ]);
    expect(findTemplateProblems('{{#each invoices}}{{totalAmount}}{{/each}}')).toEqual([
      {
        line: 1,
        column: 21,
        message: 'unknown placeholder "totalAmount" inside {{#each invoices}}',
      },
    ]);
  });

  it('reports a syntax error with its line', () => {
    const [problem] = findTemplateProblems('Line one\n{{#if customer.name}}\nno end');
    expect(problem.line).toBeGreaterThanOrEqual(2);
    expect(problem.message).toMatch(/^syntax error/);
  });

  it.each([
    [
      'triple braces',
      '{{{customer.name}}}',
      'triple braces {{{ }}} are not allowed: values are always escaped',
    ],
    ['a partial', '{{> header}}', 'partials {{> }} are not allowed'],
    ['a helper with arguments', '{{lookup customer "name"}}', '"lookup" takes no arguments'],
    [
      'an unknown block',
      '{{#with customer}}{{name}}{{/with}}',
      'unknown block "{{#with}}": use #if, #unless or #each with one placeholder',
    ],
    [
      'a loop over something else',
      '{{#each customer}}x{{/each}}',
      '{{#each}} only loops over "invoices"',
    ],
    ['prototype access', '{{constructor.name}}', 'unknown placeholder "constructor.name"'],
    [
      'a sub-expression',
      '{{#if (lookup customer "name")}}x{{/if}}',
      'only placeholders may be used here',
    ],
  ])('refuses %s', (_, source, message) => {
    expect(findTemplateProblems(source).map((p) => p.message)).toEqual([message]);
  });
});
