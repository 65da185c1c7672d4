import { describe, expect, it } from 'vitest';
import { utf8 } from './helpers';
import { planFile } from './planHelpers';

// readClient (clientRow.ts) with the contact value readers: nothing a cell holds is dropped silently.
describe('clients file: contact cells', () => {
  it('keeps every e-mail of a cell and warns about the parts that are no address', () => {
    const { plan } = planFile(utf8('Name,Email\nAlfa,"a@alfa.mk; B@Alfa.mk, not-mail"\n'), 'clients');
    expect(plan.clientsToCreate[0]!.emails).toEqual(['a@alfa.mk', 'b@alfa.mk']);
    expect(plan.warnings.map((w) => w.reason)).toEqual(['"not-mail" is not an e-mail address; not imported']);
  });

  it('keeps a number with an extension and says the extension was not imported', () => {
    const { plan } = planFile(utf8('Name,Phone\nAlfa,+1-418-656-9254;ext=102\n'), 'clients');
    expect(plan.clientsToCreate[0]!.phones).toEqual(['+14186569254']);
    expect(plan.warnings.map((w) => w.reason)).toEqual(['extension 102 not imported; number kept as +14186569254']);
  });

  it('does not merge two clients on a phone nobody can read', () => {
    const { plan } = planFile(utf8('Name,Phone\nAnn Lee,123456\nBobco,123456\n'), 'clients');
    expect(plan.clientsToCreate.map((c) => [c.name, c.phones])).toEqual([['Ann Lee', ['123456']], ['Bobco', ['123456']]]);
  });

  it('keeps a web address up to its first white space', () => {
    const { plan } = planFile(utf8('Name,Website\nAlfa,"https://a.mk\r\nNOTE:injected"\n'), 'clients');
    expect(plan.clientsToCreate[0]!.website).toBe('https://a.mk');
  });
});
