import { isLocalAddress, isLocalHost, isWebhookUrl } from './url-policy';

describe('webhook URL policy', () => {
  it('accepts http(s) URLs only, without credentials', () => {
    expect(isWebhookUrl('https://amf.example.org/hooks')).toBe(true);
    expect(isWebhookUrl('http://10.1.2.3:8080/hooks')).toBe(true);
    expect(isWebhookUrl('ftp://amf.example.org/')).toBe(false);
    expect(isWebhookUrl('file:///etc/passwd')).toBe(false);
    expect(isWebhookUrl('https://user:pw@amf.example.org/')).toBe(false);
    expect(isWebhookUrl('not a url')).toBe(false);
  });

  it('names loopback and link-local addresses local, in every notation', () => {
    for (const local of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '169.254.169.254',
      '::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLocalAddress(local)).toBe(true);
    }
    for (const remote of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1', '::ffff:8.8.8.8']) {
      expect(isLocalAddress(remote)).toBe(false);
    }
  });

  it('names localhost and bracketed local IPv6 hosts local', () => {
    expect(isLocalHost('localhost')).toBe(true);
    expect(isLocalHost('api.localhost')).toBe(true);
    expect(isLocalHost('[::1]')).toBe(true);
    expect(isLocalHost('amf.example.org')).toBe(false);
  });
});
