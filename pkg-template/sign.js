// signRequest's and presignUrl's JS side: reads the plain JS objects and hands the signer one
// call of plain strings (see __signFlat in src/js/signer.rs), because every property read or
// string made across the JS/WASM boundary costs more than the hashing. Anything this fast
// path does not recognise goes to the Rust implementation, which reports exactly what is wrong.
const SEP = '\0';
const PRESIGN = 16;
const SAME_CONTEXT = 32;

const getTime = Date.prototype.getTime;
// The typed-array intrinsics, read once: a body is copied through them, so that nothing of the
// caller's (an own `length` getter, a Proxy) runs while the arguments cross into WASM.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const byteLength = Object.getOwnPropertyDescriptor(TypedArray, 'byteLength').get;
const setBytes = TypedArray.set;
/** A fresh copy of a genuine Uint8Array; throws (so the slow path explains) for anything else. */
function copyBytes(body) {
  const copy = new Uint8Array(byteLength.call(body));
  setBytes.call(copy, body);
  return copy;
}
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
  // Every property is read once: a getter could answer differently on a second read, and
  // what reaches WASM must be exactly what was checked.
  const { method, url, headers, body } = request;
  const { region, service, credentials, signingDate: date, uriEscapePath, applyChecksum, unsignedPayload } = options;
  if (!isObject(credentials)) return null;
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  const time = date instanceof Date ? getTime.call(date) : undefined; // the intrinsic, not an own getTime
  const ok =
    isOptional(method, isString) &&
    isString(url) &&
    isOptional(body, (b) => isString(b) || b instanceof Uint8Array) &&
    isString(region) &&
    isString(service) &&
    isString(accessKeyId) &&
    isString(secretAccessKey) &&
    isOptional(sessionToken, isString) &&
    isOptional(date, () => typeof time === 'number') &&
    isOptional(uriEscapePath, isBool) &&
    isOptional(applyChecksum, isBool) &&
    isOptional(unsignedPayload, isBool) &&
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
  const flags = (uriEscapePath === false ? 1 : 0) | (applyChecksum ? 2 : 0) | (unsignedPayload ? 4 : 0) | (time !== undefined ? 8 : 0);
  // undefined, not '', for what is absent: wasm-bindgen passes undefined without a copy.
  return [
    method === 'GET' || method === null ? undefined : method, // GET is the default
    url,
    flat || undefined,
    isString(body) ? body : undefined,
    isString(body) || body === undefined || body === null ? undefined : copyBytes(body),
    region,
    service,
    accessKeyId,
    secretAccessKey,
    sessionToken ?? undefined,
    time ?? 0,
    flags,
  ];
}

export function makeSigner(wasm) {
  // The region, service and credentials (arguments 5 to 9) last handed to WASM, which keeps
  // them under a number: while a caller signs with the same ones, only the number is passed.
  // WASM answers '' when it holds others (clearSigningKeyCache, or a call that ran between).
  let context = null;
  let nextId = 1;
  function signFlat(a, expiresIn) {
    const c = context;
    if (c !== null && a[5] === c[0] && a[6] === c[1] && a[7] === c[2] && a[8] === c[3] && a[9] === c[4]) {
      const out = wasm.__signFlat(a[0], a[1], a[2], a[3], a[4], undefined, undefined, undefined, undefined, undefined,
        a[10], a[11] | SAME_CONTEXT, expiresIn, c[5]);
      if (out !== '') return out;
    }
    const id = nextId;
    nextId = nextId === 0x7fffffff ? 1 : nextId + 1;
    context = null; // unknown until the call returns: a throw may come before or after WASM took them
    const out = wasm.__signFlat(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], expiresIn, id);
    context = [a[5], a[6], a[7], a[8], a[9], id];
    return out;
  }
  function signRequest(request, options) {
    const args = flatten(request, options);
    if (!args) return wasm.signRequest(request, options);
    const out = signFlat(args, 0).split(SEP);
    const signedHeaders = {};
    for (let i = 1; i + 1 < out.length; i += 2) signedHeaders[out[i]] = out[i + 1];
    // An empty URL means the one given: it was already what fetch sends.
    return { method: (args[0] ?? 'GET').toUpperCase(), url: out[0] || args[1], headers: signedHeaders };
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
    return signFlat(args, expiresIn);
  }
  function clearSigningKeyCache() {
    context = null;
    wasm.clearSigningKeyCache();
  }
  return { signRequest, presignUrl, clearSigningKeyCache };
}
