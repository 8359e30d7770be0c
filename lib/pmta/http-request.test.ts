import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from './http-request';

const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`boom ${code}`), { code, ...extra });

describe('classifyNetworkError', () => {
  it('maps socket, DNS and TLS codes to health kinds', () => {
    expect(classifyNetworkError(err('ECONNREFUSED'), 'GET x').kind).toBe('refused');
    for (const c of ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']) {
      expect(classifyNetworkError(err(c), 'GET x').kind, c).toBe('unreachable');
    }
    for (const c of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO']) {
      expect(classifyNetworkError(err(c), 'GET x').kind, c).toBe('tls');
    }
    expect(classifyNetworkError(err('ETIMEDOUT'), 'GET x').kind).toBe('timeout');
    expect(classifyNetworkError(err('HPE_INVALID_CONSTANT'), 'GET x').kind).toBe('malformed');
    expect(classifyNetworkError(new Error('weird'), 'GET x').kind).toBe('unreachable');
  });

  it('says what failed, in words', () => {
    expect(classifyNetworkError(err('ENOTFOUND'), 'GET http://mta1:8080/status').message).toBe(
      'GET http://mta1:8080/status: host name not found (DNS) (ENOTFOUND)',
    );
  });
});
