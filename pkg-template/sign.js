// signRequest's and presignUrl's JS side: reads the plain JS objects and hands the signer one
// call of plain strings (see __signFlat in src/js/signer.rs), because every property read or
// string made across the JS/WASM boundary costs more than the hashing. Anything this fast
// path does not recognise goes to the Rust implementation, which reports exactly what is wrong.
const SEP = '\0';
const PRESIGN = 16;

const isString = (v) => typeof v === 'string';
const isOptional = (v, test) => v === undefined || v === null || test(v);
const isBool = (v) => typeof v === 'boolean';
const isObject = (v) => v !== null && typeof v === 'object';

/**
 * The arguments of __signFlat after the flags, or null when the slow path must explain
 * (also when reading the caller's objects throws: a getter or a Proxy trap).
 */
function flatten(request, options) {
  try {
    return readFlat(request, options);
  } catch {
    return null;
  }
}

function readFlat(request, options) {
  if (!isObject(request) || !isObject(options)) return null;
  const { headers, body } = request;
  const { credentials, signingDate: date } = options;
  const ok =
    isOptional(request.method, isString) &&
    isString(request.url) &&
    isOptional(body, (b) => isString(b) || b instanceof Uint8Array) &&
    isString(options.region) &&
    isString(options.service) &&
    isObject(credentials) &&
    isString(credentials.accessKeyId) &&
    isString(credentials.secretAccessKey) &&
    isOptional(credentials.sessionToken, isString) &&
    isOptional(date, (d) => d instanceof Date) &&
    isOptional(options.uriEscapePath, isBool) &&
    isOptional(options.applyChecksum, isBool) &&
    isOptional(options.unsignedPayload, isBool) &&
    isOptional(headers, isObject);
  if (!ok) return null;
  let flat = '';
  if (headers) {
    for (const name in headers) {
      if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
      const value = headers[name];
      if (!isString(value) || name.includes(SEP) || value.includes(SEP)) return null;
      flat += flat ? SEP + name + SEP + value : name + SEP + value;
    }
  }
  const flags =
    (options.uriEscapePath === false ? 1 : 0) | (options.applyChecksum ? 2 : 0) | (options.unsignedPayload ? 4 : 0) | (date ? 8 : 0);
  return [
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
  ];
}

export function makeSigner(wasm) {
  function signRequest(request, options) {
    const args = flatten(request, options);
    if (!args) return wasm.signRequest(request, options);
    const out = wasm.__signFlat(...args, 0).split(SEP);
    const signedHeaders = {};
    for (let i = 1; i + 1 < out.length; i += 2) signedHeaders[out[i]] = out[i + 1];
    return { method: args[0].toUpperCase(), url: out[0], headers: signedHeaders };
  }
  function presignUrl(request, options) {
    const args = flatten(request, options);
    let expiresIn;
    try {
      expiresIn = args ? options.expiresIn : undefined;
    } catch {
      expiresIn = undefined; // a throwing getter: the slow path reports it
    }
    if (!args || !Number.isInteger(expiresIn)) return wasm.presignUrl(request, options);
    args[11] |= PRESIGN;
    return wasm.__signFlat(...args, expiresIn);
  }
  return { signRequest, presignUrl };
}
