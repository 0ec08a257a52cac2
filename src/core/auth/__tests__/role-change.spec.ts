import { roleChangeProblem } from '../role-change';

describe('roleChangeProblem', () => {
  const admin = { id: 'a1', role: 'ADMIN', deactivated: false };

  it('refuses demoting the last active ADMIN (themselves or by another path)', () => {
    expect(roleChangeProblem(admin, 'MANAGER', ['a1'])).toMatchObject({ kind: 'LAST_ADMIN', field: 'role' });
    expect(roleChangeProblem(admin, 'CSM', ['a1'])).toMatchObject({ kind: 'LAST_ADMIN' });
  });

  it('allows it when another active ADMIN remains, and keeping ADMIN is always fine', () => {
    expect(roleChangeProblem(admin, 'MANAGER', ['a1', 'a2'])).toBeNull();
    expect(roleChangeProblem(admin, 'ADMIN', ['a1'])).toBeNull();
  });

  it('a deactivated ADMIN is not one of the active ones: demoting them never empties the team', () => {
    expect(roleChangeProblem({ id: 'a3', role: 'ADMIN', deactivated: true }, 'CSM', ['a1'])).toBeNull();
  });

  it('promotes and demotes people freely', () => {
    expect(roleChangeProblem({ id: 'c1', role: 'CSM', deactivated: false }, 'ADMIN', ['a1'])).toBeNull();
    expect(roleChangeProblem({ id: 'm1', role: 'MANAGER', deactivated: false }, 'CSM', [])).toBeNull();
  });

  it('keeps INGEST out of it, both ways', () => {
    expect(roleChangeProblem({ id: 'c1', role: 'CSM', deactivated: false }, 'INGEST', ['a1'])).toMatchObject({
      kind: 'BAD_ROLE',
      field: 'role',
    });
    expect(roleChangeProblem({ id: 'i1', role: 'INGEST', deactivated: false }, 'CSM', ['a1'])).toMatchObject({
      kind: 'INGEST_USER',
      field: 'id',
    });
  });
});
