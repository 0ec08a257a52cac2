import { collectTargetIds } from '../target-ids';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('collectTargetIds', () => {
  it('collects UUIDs under id-like keys from arguments and results, once each', () => {
    expect(collectTargetIds({ input: { accountId: A, note: B } }, { id: B, account: { id: A } })).toEqual([A, B]);
    expect(collectTargetIds({ accountIds: [A, B] })).toEqual([A, B]);
  });
  it('never keeps secrets or free text', () => {
    expect(collectTargetIds({ apiKey: 'vk_secret', input: { name: A, email: 'x@y.z' } }, { key: 'vk_abc' })).toEqual(
      [],
    );
  });
  it('ignores non-UUID ids', () => {
    expect(collectTargetIds({ id: 'abc', externalId: 'crm-1' })).toEqual([]);
  });
});
