import { errors } from '@strapi/utils';
import type { z, ZodError, ZodIssue } from 'zod';

/**
 * Bad input becomes Strapi's ValidationError: HTTP 400 with a message that names the
 * field, and `details.errors` listing every problem (with line and column for templates).
 */

export type FieldProblem = { path: string; message: string; line?: number; column?: number };

export const invalidInput = (problems: FieldProblem[]) => {
  const [first] = problems;
  const position = first.line ? ` (line ${first.line}, column ${first.column})` : '';
  return new errors.ValidationError(`${first.path}: ${first.message}${position}`, {
    errors: problems.map(({ path, ...rest }) => ({ path: path.split('.'), ...rest })),
  });
};

const problemsOf = (issues: ZodIssue[]): FieldProblem[] =>
  issues.flatMap((issue) => {
    // An unknown key is named itself rather than its parent.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...issue.path, key].join('.'),
        message: 'is not a supported field',
      }));
    // Of the shapes a body may take, the one it comes closest to names the fields.
    if (issue.code === 'invalid_union' && issue.unionErrors.length) {
      const closest = [...issue.unionErrors].sort((a, b) => a.issues.length - b.issues.length)[0];
      return problemsOf(closest.issues);
    }
    return [{ path: issue.path.join('.') || 'body', message: issue.message }];
  });

export const fromZodError = (error: ZodError) => invalidInput(problemsOf(error.issues));

/** Parses `input` with `schema` (its output type is the result's) or throws a 400 naming the first bad field. */
export const parseOrThrow = <Schema extends z.ZodTypeAny>(
  schema: Schema,
  input: unknown
): z.output<Schema> => {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
};

export const notFound = (what: string) => new errors.NotFoundError(`${what} not found`);
