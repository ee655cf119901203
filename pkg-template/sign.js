// signRequest's JS side: reads the plain JS objects and hands the signer one call of plain
// strings (see __signFlat in src/js/signer.rs), because every property read or string made
// across the JS/WASM boundary costs more than the hashing. Anything this fast path does
// not recognise goes to the Rust implementation, which reports exactly what is wrong.
const SEP = '\0';

const isString = (v) => typeof v === 'string';
const isOptional = (v, test) => v === undefined || v === null || test(v);
const isBool = (v) => typeof v === 'boolean';

export function makeSignRequest(wasm) {
  return function signRequest(request, options) {
    const headers = request?.headers;
    const credentials = options?.credentials;
    const date = options?.signingDate;
    const body = request?.body;
    let flat = '';
    let ok =
      request !== null &&
      typeof request === 'object' &&
      options !== null &&
      typeof options === 'object' &&
      isOptional(request.method, isString) &&
      isString(request.url) &&
      isOptional(body, (b) => isString(b) || b instanceof Uint8Array) &&
      isString(options.region) &&
      isString(options.service) &&
      credentials !== null &&
      typeof credentials === 'object' &&
      isString(credentials.accessKeyId) &&
      isString(credentials.secretAccessKey) &&
      isOptional(credentials.sessionToken, isString) &&
      isOptional(date, (d) => d instanceof Date) &&
      isOptional(options.uriEscapePath, isBool) &&
      isOptional(options.applyChecksum, isBool) &&
      isOptional(options.unsignedPayload, isBool) &&
      isOptional(headers, (h) => typeof h === 'object');
    if (ok && headers) {
      for (const name in headers) {
        if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
        const value = headers[name];
        if (!isString(value) || name.includes(SEP) || value.includes(SEP)) {
          ok = false;
          break;
        }
        flat += flat ? SEP + name + SEP + value : name + SEP + value;
      }
    }
    if (!ok) return wasm.signRequest(request, options);
    const flags =
      (options.uriEscapePath === false ? 1 : 0) | (options.applyChecksum ? 2 : 0) | (options.unsignedPayload ? 4 : 0) | (date ? 8 : 0);
    const out = wasm.__signFlat(
      request.method ?? 'GET',
      request.url,
      flat,
      isString(body) ? body : '',
      body instanceof Uint8Array ? body : undefined,
      options.region,
      options.service,
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken ?? '',
      date ? date.getTime() : 0,
      flags,
    ).split(SEP);
    const signedHeaders = {};
    for (let i = 1; i + 1 < out.length; i += 2) signedHeaders[out[i]] = out[i + 1];
    return { method: (request.method || 'GET').toUpperCase(), url: out[0], headers: signedHeaders };
  };
}
