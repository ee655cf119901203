//! Raw bindings that web-sys does not give in a form safe for caller values: `fetch`
//! responses and their streams, a caller's abort signal, and the global timers (web-sys has
//! `setTimeout` only on `Window` and `WorkerGlobalScope`, and Node has neither). They are looked up on the global object, so they work in browsers, workers,
//! Node 18+ and Deno alike.
//!
//! Every binding that touches a value from the caller (an injected fetch's "response", an
//! abort signal, a headers record) or a global the caller can replace is `catch`: a JS
//! exception thrown through WASM frames skips their destructors, which could leave a
//! `RefCell` borrowed and make every later call panic.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `fetch` `Response`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type FetchResponse;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn status(this: &FetchResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn headers(this: &FetchResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn body(this: &FetchResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    pub(crate) fn array_buffer(this: &FetchResponse) -> Result<js_sys::Promise, JsValue>;

    /// A `ReadableStreamDefaultReader`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type StreamReader;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn read(this: &StreamReader) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn cancel(this: &StreamReader) -> Result<js_sys::Promise, JsValue>;

    /// A caller's `AbortSignal`, read through caught calls: it may be a stand-in whose
    /// getters throw (web-sys's `AbortSignal::aborted` is not `catch`).
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type CallerSignal;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn aborted(this: &CallerSignal) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    pub(crate) fn add_event_listener(
        this: &CallerSignal,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    pub(crate) fn remove_event_listener(
        this: &CallerSignal,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// `setTimeout(callback, ms, argument)`: the callback is called with `argument`.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub(crate) fn set_timeout_with_arg(
        callback: &js_sys::Function,
        ms: f64,
        argument: &JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;

    /// `Object.entries(value)`: throws for a Proxy or a getter that throws.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub(crate) fn object_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// `Date.prototype.getTime.call(date)`: the time value, whatever `getTime` the object has.
    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    pub(crate) fn date_time_value(date: &js_sys::Date) -> Result<f64, JsValue>;
    /// A `Uint8Array` copied from another by `new Uint8Array(value)`, which reads a typed
    /// array's internal slots, and throws for a Proxy around one (its getters refuse it).
    #[wasm_bindgen(extends = js_sys::Uint8Array, js_name = Uint8Array)]
    #[derive(Debug, Clone)]
    pub(crate) type BytesCopy;
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    pub(crate) fn new(value: &JsValue) -> Result<BytesCopy, JsValue>;
    /// `Array.isArray(value)`: throws for a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// A property, or `undefined` when the target is not an object or the getter throws.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() && !target.is_function() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
