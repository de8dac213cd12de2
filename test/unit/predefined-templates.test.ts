import { templateProblems } from '../../src/plugins/dunning/server/src/services/templates';
import { PREDEFINED_TEMPLATES } from '../../src/plugins/dunning/server/src/templates/predefined';

describe('predefined templates (SPEC F2.1)', () => {
  it('cover 5 kinds × 3 channels × 2 languages, and the statement e-mail in both, each once', () => {
    const keys = PREDEFINED_TEMPLATES.map((t) => t.predefinedKey);
    expect(new Set(keys).size).toBe(32);
    for (const kind of ['pre-due', 'reminder-1', 'reminder-2', 'final-notice', 'thank-you']) {
      for (const channel of ['email', 'letter', 'phone']) {
        for (const locale of ['fr', 'en']) expect(keys).toContain(`${kind}.${channel}.${locale}`);
      }
    }
    expect(
      PREDEFINED_TEMPLATES.filter((t) => t.type === 'statement')
        .map((t) => t.predefinedKey)
        .sort()
    ).toEqual(['statement.email.en', 'statement.email.fr']);
  });

  it.each(PREDEFINED_TEMPLATES.map((t) => [t.predefinedKey, t] as const))(
    '%s passes template validation',
    (_, template) => {
      expect(templateProblems(template)).toEqual([]);
    }
  );

  it('mention late-payment charges in the final notices', () => {
    const finals = PREDEFINED_TEMPLATES.filter((t) => t.predefinedKey.startsWith('final-notice.'));
    for (const template of finals) expect(template.body).toMatch(/40 €|EUR 40/);
  });
});
