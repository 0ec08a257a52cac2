import { describe, expect, it } from 'vitest';
import { readBootstrap } from './bootstrap';

function page(block: string | null): Document {
  const doc = document.implementation.createHTMLDocument('t');
  if (block !== null) {
    const el = doc.createElement('script');
    el.type = 'application/json';
    el.id = 'vitals-bootstrap';
    el.textContent = block;
    doc.head.append(el);
  }
  return doc;
}

describe('readBootstrap', () => {
  it('reads the user the service inlined (escaped JSON) and removes the block', () => {
    // What the service writes for a user named "<b>Eve</b> & co": < > & as \u escapes.
    const doc = page(
      '{"me":{"id":"u1","name":"\\u003cb\\u003eEve\\u003c/b\\u003e \\u0026 co","email":"eve@x.io","role":"CSM"}}',
    );
    expect(readBootstrap(doc)).toEqual({ me: { id: 'u1', name: '<b>Eve</b> & co', email: 'eve@x.io', role: 'CSM' } });
    expect(doc.getElementById('vitals-bootstrap')).toBeNull();
    expect(readBootstrap(doc)).toBeNull();
  });

  it('is null without a block, or with one that is not a user', () => {
    expect(readBootstrap(page(null))).toBeNull();
    expect(readBootstrap(page('not json'))).toBeNull();
    expect(readBootstrap(page('{"me":{"name":"no id"}}'))).toBeNull();
  });
});
