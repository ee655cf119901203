// ConnectClient's JS side: the class wasm-bindgen generates, made safe to use after free().
// A freed wasm-bindgen object throws "null pointer passed to rust" from every method; here a
// call on a freed client rejects like any other failed call, and disposing twice is a no-op.
//
// `defaultCredentials(clientConfig)`, given by the Node entries, makes the provider of a client
// constructed without `credentials` (the Node provider chain).
export function makeConnectClient(wasm, { defaultCredentials } = {}) {
  const freed = new WeakSet();
  const freedError = () => {
    const error = new Error('this ConnectClient was freed; create a new one');
    error.name = 'ValidationError';
    error.$fault = 'client';
    error.$metadata = { attempts: 0, totalRetryDelay: 0 };
    return error;
  };
  const withDefaults = (config) => {
    if (!defaultCredentials || config === null || typeof config !== 'object') return config;
    let credentials;
    let region;
    try {
      ({ credentials, region } = config);
    } catch {
      return config; // a throwing getter: the WASM constructor reports it as a ValidationError
    }
    if (credentials !== undefined) return config;
    const chain = defaultCredentials({ region: typeof region === 'string' ? region : undefined });
    // The caller's object with the chain as `credentials`: its other getters still run where
    // the WASM constructor reads them.
    return new Proxy(config, {
      get: (target, key, receiver) => (key === 'credentials' ? chain : Reflect.get(target, key, receiver)),
    });
  };
  return class ConnectClient extends wasm.ConnectClient {
    constructor(config) {
      super(withDefaults(config));
    }
    describePhoneNumber(input, options) {
      if (freed.has(this)) return Promise.reject(freedError());
      return super.describePhoneNumber(input, options);
    }
    get systemClockOffset() {
      return freed.has(this) ? 0 : super.systemClockOffset;
    }
    set systemClockOffset(ms) {
      if (!freed.has(this)) super.systemClockOffset = ms;
    }
    free() {
      if (freed.has(this)) return;
      freed.add(this);
      super.free();
    }
    [Symbol.dispose]() {
      this.free();
    }
  };
}

// fromCognitoIdentityPool's JS side: the provider is a plain async function (what
// ConnectClient, and any AWS SDK client, takes as `credentials`) over the WASM object, which
// checks the options at once: a bad one throws a ValidationError here, and nothing is sent.
export function makeCognitoProvider(wasm) {
  return function fromCognitoIdentityPool(options) {
    const provider = new wasm.CognitoIdentityProvider(options);
    return () => provider.resolve();
  };
}
