import {
  canonicalQueryString,
  canonicalRequest,
  EMPTY_PAYLOAD_SHA256,
  parseAmzDate,
  parseAuthorization,
  sameSignature,
  sha256Hex,
  signingKey,
  signV4,
  toAmzDate,
  uriEncode,
} from './sigv4';

// The examples AWS publishes with its documentation (example credentials, not real ones).
describe('SigV4 against the AWS-published examples', () => {
  test('IAM ListUsers (IAM user guide, "Create a signed AWS API request"): every intermediate and the signature', () => {
    const amzDate = '20150830T123600Z';
    const request = {
      method: 'GET',
      path: '/',
      query: 'Action=ListUsers&Version=2010-05-08',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Host: 'iam.amazonaws.com', 'X-Amz-Date': amzDate },
      payloadHash: sha256Hex(''),
    };
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const scope = { region: 'us-east-1', service: 'iam' };

    expect(canonicalRequest(request).text).toBe(
      [
        'GET',
        '/',
        'Action=ListUsers&Version=2010-05-08',
        'content-type:application/x-www-form-urlencoded; charset=utf-8',
        'host:iam.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'content-type;host;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(sha256Hex(canonicalRequest(request).text)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    expect(signingKey(credentials.secretAccessKey, '20150830', scope).toString('hex')).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');

    const signed = signV4(request, credentials, scope, amzDate);
    expect(signed.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
    expect(signed.signature).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  // S3 API reference, "Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk".
  const s3Credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const s3Scope = { region: 'us-east-1', service: 's3' };

  test('S3 GET Object (with x-amz-content-sha256 and a Range header)', () => {
    const signed = signV4(
      {
        method: 'GET',
        path: '/test.txt',
        headers: { Host: 'examplebucket.s3.amazonaws.com', Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256, 'x-amz-date': '20130524T000000Z' },
        payloadHash: EMPTY_PAYLOAD_SHA256,
      },
      s3Credentials,
      s3Scope,
      '20130524T000000Z',
    );
    expect(signed.signedHeaders).toBe('host;range;x-amz-content-sha256;x-amz-date');
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  test('S3 PUT Object (a body, its hash, and a key that needs encoding)', () => {
    const body = 'Welcome to Amazon S3.';
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signV4(
      {
        method: 'PUT',
        path: `/${uriEncode('test$file.text')}`,
        headers: {
          Date: 'Fri, 24 May 2013 00:00:00 GMT',
          Host: 'examplebucket.s3.amazonaws.com',
          'x-amz-content-sha256': sha256Hex(body),
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        },
        payloadHash: sha256Hex(body),
      },
      s3Credentials,
      s3Scope,
      '20130524T000000Z',
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });
});

describe('SigV4 canonical forms', () => {
  test('query pairs are encoded and sorted by name, then value', () => {
    expect(canonicalQueryString('Param2=value2&Param1=value1')).toBe('Param1=value1&Param2=value2');
    expect(canonicalQueryString('b=2&a=z&a=y&flag')).toBe('a=y&a=z&b=2&flag=');
    expect(canonicalQueryString('k=a%20b&x=~_-.&y=!*')).toBe('k=a%20b&x=~_-.&y=%21%2A');
    expect(canonicalQueryString('')).toBe('');
  });

  test('header names are lower-cased and sorted, values trimmed with inner spaces collapsed', () => {
    const { text, signedHeaders } = canonicalRequest({ method: 'get', path: '/', headers: { 'X-B': '  a   b ', host: 'h', 'x-a': 'v' }, payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(signedHeaders).toBe('host;x-a;x-b');
    expect(text).toBe('GET\n/\n\nhost:h\nx-a:v\nx-b:a b\n\nhost;x-a;x-b\nUNSIGNED-PAYLOAD');
  });

  test('RFC 3986 encoding keeps only unreserved characters (and / when asked)', () => {
    expect(uriEncode("a b/c~d_e.f-g!'()*")).toBe('a%20b%2Fc~d_e.f-g%21%27%28%29%2A');
    expect(uriEncode('materials/91150302MA0N1A2B37/mt_x-1', true)).toBe('materials/91150302MA0N1A2B37/mt_x-1');
  });

  test('x-amz-date both ways', () => {
    expect(toAmzDate(new Date('2015-08-30T12:36:00.123Z'))).toBe('20150830T123600Z');
    expect(parseAmzDate('20150830T123600Z')?.toISOString()).toBe('2015-08-30T12:36:00.000Z');
    expect(parseAmzDate('2015-08-30T12:36:00Z')).toBeUndefined();
  });

  test('an Authorization header parses back to its parts; a malformed one does not', () => {
    const signed = signV4({ method: 'GET', path: '/', headers: { host: 'h', 'x-amz-date': '20150830T123600Z' }, payloadHash: EMPTY_PAYLOAD_SHA256 }, { accessKeyId: 'AK', secretAccessKey: 'S' }, { region: 'cn-north-1', service: 's3' }, '20150830T123600Z');
    expect(parseAuthorization(signed.authorization)).toEqual({
      accessKeyId: 'AK',
      date: '20150830',
      region: 'cn-north-1',
      service: 's3',
      signedHeaders: ['host', 'x-amz-date'],
      signature: signed.signature,
    });
    expect(parseAuthorization('AWS AK:signature')).toBeUndefined();
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=AK/20150830/cn-north-1/s3, SignedHeaders=host, Signature=00')).toBeUndefined();
    expect(sameSignature(signed.signature, signed.signature)).toBe(true);
    expect(sameSignature(signed.signature, signed.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBe(false);
    expect(sameSignature(signed.signature, 'short')).toBe(false);
  });
});
