import { toLetter } from '../../src/plugins/dunning/server/src/domain/message-layout';
import { buildTemplateContext } from '../../src/plugins/dunning/server/src/domain/template-context';
import {
  languageOf,
  siblingKey,
  templateChannelOf,
} from '../../src/plugins/dunning/server/src/domain/template-language';

describe('which template speaks to a customer', () => {
  it.each([
    ['fr-FR', 'fr'],
    ['EN-gb', 'en'],
    ['de', 'de'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('the language of locale %j is %j', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });

  it('names the sibling of a predefined template by the language at the end of its key', () => {
    expect(siblingKey('reminder-1.email.fr', 'en')).toBe('reminder-1.email.en');
    expect(siblingKey('final-notice.letter.en', 'fr')).toBe('final-notice.letter.fr');
  });

  it('leaves a key without a language ending alone', () => {
    expect(siblingKey('custom-reminder', 'en')).toBe('custom-reminder');
  });

  it('reads a phone script for a call of kind "other", and the channel\'s own template otherwise', () => {
    expect(templateChannelOf('other')).toBe('phone');
    expect(templateChannelOf('phone')).toBe('phone');
    expect(templateChannelOf('letter')).toBe('letter');
    expect(templateChannelOf('email')).toBe('email');
  });
});

describe('a rendered message as a letter', () => {
  const context = buildTemplateContext({
    locale: 'fr-FR',
    today: '2026-11-20',
    customer: { name: 'Atelier Martin' },
    contact: null,
    sender: { name: 'Louise', email: 'louise@acme.test' },
    company: { name: 'Acme', address: '', email: '', phone: '' },
    invoices: [
      {
        number: 'F-1',
        issueDate: null,
        dueDate: '2026-10-15',
        total: null,
        amountDue: 100,
        currency: 'EUR',
      },
    ],
    portalUrl: '',
    lateFees: { enabled: false, indemnity: 0, annualRatePercent: 0 },
  });

  it('is labelled in the language of the template it was rendered from', () => {
    expect(toLetter('Relance', [{ kind: 'invoicesTable' }], context, 'fr').labels.number).toBe(
      'Facture'
    );
    expect(toLetter('Reminder', [{ kind: 'invoicesTable' }], context, 'en-GB').labels.number).toBe(
      'Invoice'
    );
  });

  it('keeps the subject, the parts and the data of its invoices table', () => {
    const parts = [{ kind: 'text' as const, text: 'Bonjour' }, { kind: 'invoicesTable' as const }];
    expect(toLetter('Relance', parts, context, 'fr')).toMatchObject({
      subject: 'Relance',
      parts,
      context,
    });
  });
});
