import { signRequest } from '../pkg/node.mjs';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import aws4 from 'aws4';
import { AwsV4Signer } from 'aws4fetch';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' };
const d = new Date('2026-01-02T03:04:05Z');
for (const id of ['11111111-2222-4333-8444-555555555555', encodeURIComponent('arn:aws:connect:us-west-2:123456789012:phone-number/11111111-2222-4333-8444-555555555555')]) {
const url = 'https://connect.us-west-2.amazonaws.com/phone-number/' + id;
const sig = (a) => /Signature=(\w+)/.exec(a)[1];
console.log('ours ', sig(signRequest({ url }, { region: 'us-west-2', service: 'connect', credentials, signingDate: d }).headers.authorization));
for (const sha of [Hash.bind(null, 'sha256'), Sha256]) {
const s = new SignatureV4({ credentials, region: 'us-west-2', service: 'connect', sha256: sha, applyChecksum: false });
const u = new URL(url);
const r = await s.sign(new HttpRequest({ method: 'GET', protocol: 'https:', hostname: u.hostname, path: u.pathname, headers: { host: u.hostname } }), { signingDate: d });
console.log('smithy', sig(r.headers.authorization));
}
const u = new URL(url);
const o = aws4.sign({ host: u.hostname, path: u.pathname, service: 'connect', region: 'us-west-2', method: 'GET', headers: { 'X-Amz-Date': '20260102T030405Z' } }, credentials);
console.log('aws4  ', sig(o.headers.Authorization), o.headers);
const f = new AwsV4Signer({ url, method: 'GET', ...credentials, service: 'connect', region: 'us-west-2', datetime: '20260102T030405Z' });
const fr = await f.sign();
console.log('a4f   ', sig(fr.headers.get('authorization')), [...fr.headers.keys()], fr.url.toString());
}
