import { requestIdOf } from './request-id';

describe('requestIdOf', () => {
  it("keeps a caller's sane x-request-id, to follow a request across proxies", () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'lb-7f3a:42.b_c' } })).toBe('lb-7f3a:42.b_c');
  });

  it.each([['x'.repeat(129)], ['with space'], ['quote"d'], ['']])(
    'replaces an unfit one (%j)',
    (incoming) => {
      const id = requestIdOf({ headers: { 'x-request-id': incoming } });
      expect(id).not.toBe(incoming);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    },
  );

  it('generates a different one for each request without any', () => {
    expect(requestIdOf({ headers: {} })).not.toBe(requestIdOf({ headers: {} }));
  });
});
