import { DomainError, PartnerScopeError } from '@pps/platform';
import { assertOwns } from './partner-scope';

describe('assertOwns', () => {
  const partner = { keyId: 'k1', role: 'partner' as const, partnerId: 'p1' };

  it('lets a partner key act on its own partner', () => {
    expect(() => assertOwns(partner, 'p1')).not.toThrow();
  });

  it.each([['p2'], [null], [undefined]])("refuses a partner key another partner's data (%s): 403 PPS.0014", (id) => {
    let thrown: unknown;
    try {
      assertOwns(partner, id);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PartnerScopeError);
    expect(thrown).toMatchObject({ kind: 'forbidden', code: 'PPS.0014' } satisfies Partial<DomainError>);
  });

  it.each([['admin'], ['service'], ['auditor']] as const)('does not scope a %s key', (role) => {
    expect(() => assertOwns({ keyId: 'k2', role }, 'p2')).not.toThrow();
  });
});
