//! Raw bindings to the JS globals used: `fetch` responses, headers, streams, abort signals
//! and timers. They are looked up on the global object, so they work in browsers, workers,
//! Node 18+ and Deno alike.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `fetch` `Response`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type FetchResponse;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn status(this: &FetchResponse) -> u16;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn headers(this: &FetchResponse) -> FetchHeaders;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn body(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    pub(crate) fn array_buffer(this: &FetchResponse) -> Result<js_sys::Promise, JsValue>;

    /// A `Headers` object.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type FetchHeaders;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn get(this: &FetchHeaders, name: &str) -> Result<Option<String>, JsValue>;

    /// A `ReadableStreamDefaultReader`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type StreamReader;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn read(this: &StreamReader) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn cancel(this: &StreamReader) -> Result<js_sys::Promise, JsValue>;

    /// An `AbortController`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub(crate) type AbortController;
    #[wasm_bindgen(constructor, catch)]
    pub(crate) fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn signal(this: &AbortController) -> AbortSignal;
    #[wasm_bindgen(method)]
    pub(crate) fn abort(this: &AbortController);

    /// An `AbortSignal`.
    #[wasm_bindgen(extends = js_sys::Object)]
    #[derive(Debug, Clone)]
    pub type AbortSignal;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn aborted(this: &AbortSignal) -> bool;
    #[wasm_bindgen(method, js_name = addEventListener)]
    pub(crate) fn add_event_listener(this: &AbortSignal, kind: &str, listener: &js_sys::Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    pub(crate) fn remove_event_listener(
        this: &AbortSignal,
        kind: &str,
        listener: &js_sys::Function,
    );

    /// `setTimeout(callback, ms, argument)`: the callback is called with `argument`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout_with_arg(
        callback: &js_sys::Function,
        ms: f64,
        argument: &JsValue,
    ) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
}
