import * as m from '../../pkg/node.mjs';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
const cred = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const d = new Date('2015-08-30T12:36:00Z');
const base = { region: 'us-east-1', service: 'service', credentials: cred, signingDate: d };
console.log(m.signRequest({ url: 'https://e.com/x', method:'POST', body:'abc' }, { ...base, applyChecksum: true }));
console.log(m.signRequest({ url: 'https://e.com/x', method:'POST', body:'abc' }, { ...base, unsignedPayload: true }));
console.log(m.signRequest({ url: 'https://e.com/x', method:'POST', body:'abc' }, { ...base, unsignedPayload: true, applyChecksum: true }));
const u = m.presignUrl({ url: 'https://e.com/x?a=b' }, { ...base, expiresIn: 300 });
console.log(u);
const s = new SignatureV4({credentials: cred, region:'us-east-1', service:'service', sha256: Hash.bind(null,'sha256'), uriEscapePath: true, applyChecksum: false});
const p = await s.presign(new HttpRequest({method:'GET', protocol:'https:', hostname:'e.com', path:'/x', query:{a:'b'}, headers:{host:'e.com'}}), {expiresIn:300, signingDate: d});
console.log(p.query);
for (const e of [0, 604801, 1.5, NaN, 604800, 1]) { try { m.presignUrl({ url: 'https://e.com/x' }, { ...base, expiresIn: e }); console.log(e, 'ok'); } catch (err) { console.log(e, err.name, err.message); } }
const tests = [
 [{url: 'https://e.com/', headers: {a: 1}}, base],
 [{url: 'https://e.com/', body: 5}, base],
 [{url: 'https://e.com/', body: {}}, base],
 [{url: 'https://e.com/', body: new ArrayBuffer(2)}, base],
 [{url: 'https://e.com/'}, {...base, signingDate: new Date('x')}],
 [{url: 'https://e.com/'}, {...base, credentials: undefined}],
 [{url: 'https://e.com/'}, {...base, credentials: {accessKeyId:'A'}}],
 [{url: 'https://e.com/'}, {...base, service: ''}],
 [{url: 'https://e.com/'}, {...base, region: ''}],
 [{url: 'https://e.com/'}, {...base, signingDate: 'yesterday'}],
 [{url: 'https://e.com/'}, {...base, credentials: {accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 5}}],
 [{url: 'https://e.com/', method: 'GE T'}, base],
 [{url: 'https://e.com/', headers: {'bad name': 'x'}}, base],
 [{url: 'https://e.com/', headers: {'x': 'a\r\nb'}}, base],
 [{url: 'https://e.com/', headers: null}, base],
 [undefined, base],
 [{url: 'https://e.com/'}, undefined],
 [{url: 123}, base],
];
for (const t of tests) { try { const r = m.signRequest(...t); console.log('OK', JSON.stringify(r.headers)); } catch (err) { console.log(err.name, '|', err.message, err instanceof Error); } }
console.log(m.signRequest({ url: 'https://e.com/' }, base).headers.authorization);
