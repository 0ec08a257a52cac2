import { GraphQLError } from 'graphql';
import { AppError } from '../app-error';
import { formatGraphqlError } from '../graphql-error.formatter';

const fmt = (original: unknown) => {
  const err = new GraphQLError('boom', { path: ['x'], originalError: original as Error });
  const logged: unknown[] = [];
  const out = formatGraphqlError({ message: 'boom', path: ['x'] }, err, (e) => logged.push(e));
  return { out, logged };
};

describe('formatGraphqlError', () => {
  it('keeps an AppError code and its fields', () => {
    const { out } = fmt(AppError.badInput([{ field: 'name', message: 'is required' }]));
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'name', message: 'is required' }],
      field: 'name',
    });
  });

  it('turns a statement timeout into QUERY_TIMEOUT without internals', () => {
    const driverError = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const { out, logged } = fmt(Object.assign(new Error('QueryFailedError'), { driverError }));
    expect(out.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
    expect(out.message).not.toMatch(/statement|canceling/);
    expect(logged).toHaveLength(0);
  });

  it('turns a lost database connection into SERVICE_UNAVAILABLE', () => {
    const { out } = fmt(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(out.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it.each(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError'])(
    'turns a transaction whose connection was lost between statements (TypeORM %s) into SERVICE_UNAVAILABLE',
    (name) => {
      // What TypeORM throws for the next statement once the connection's 'error' event released the runner.
      const { out, logged } = fmt(Object.assign(new Error('Query runner already released'), { name }));
      expect(out.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(out.message).toBe('The database is unavailable; retry shortly');
      expect(logged).toHaveLength(0);
    },
  );

  it('hides anything else behind INTERNAL_SERVER_ERROR and logs it', () => {
    const { out, logged } = fmt(new TypeError('secret detail'));
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toHaveLength(1);
  });
});
