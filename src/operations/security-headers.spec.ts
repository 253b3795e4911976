import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { helmetEffect } from './security-headers';

describe("Helmet's headers, computed once", () => {
  it("are Helmet's defaults: a strict Content-Security-Policy and the usual hardening headers", () => {
    const { set, removed } = helmetEffect();
    const headers = new Map(set);
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(removed).toEqual(['x-powered-by']);
  });

  it("are what Helmet's middleware sets on a real response", () => {
    const request = new IncomingMessage(new Socket());
    const response = new ServerResponse(request);
    response.setHeader('x-powered-by', 'something');
    helmet()(request, response, (error?: unknown) => {
      if (error) throw error;
    });
    expect(response.getHeaders()).toEqual(Object.fromEntries(helmetEffect().set));
  });
});
