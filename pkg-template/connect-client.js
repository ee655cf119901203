// ConnectClient's JS side: the class wasm-bindgen generates, made safe to use after free().
// A freed wasm-bindgen object throws "null pointer passed to rust" from every method; here a
// call on a freed client rejects like any other failed call, and disposing twice is a no-op.
export function makeConnectClient(wasm) {
  const freed = new WeakSet();
  const freedError = () => {
    const error = new Error('this ConnectClient was freed; create a new one');
    error.name = 'ValidationError';
    error.$fault = 'client';
    error.$metadata = { attempts: 0, totalRetryDelay: 0 };
    return error;
  };
  return class ConnectClient extends wasm.ConnectClient {
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
