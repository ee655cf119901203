//! One test body for two runtimes: included by tests/node.rs (Node) and tests/browser.rs
//! (headless Chromium). The emulator's URL is fixed at compile time by `EMULATOR_URL`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::option_env_unwrap,
    dead_code
)]

use connect_phone_wasm::{Credentials, PhoneNumberWorkflowStatus, WaitError, WaiterConfig};
use console_app::{summary_rows, PhoneNumberView};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// The emulator's default fixtures (pkg-template/emulator/default-fixtures.json).
pub const US_DID: &str = "11111111-2222-4333-8444-555555555555";
pub const UNKNOWN: &str = "99999999-0000-4000-8000-000000000000";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

pub fn emulator() -> &'static str {
    option_env!("EMULATOR_URL")
        .expect("build the tests with EMULATOR_URL set to a running emulator (npm test does)")
}

pub fn view() -> PhoneNumberView {
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
    PhoneNumberView::new("us-west-2", Some(emulator()), credentials).unwrap()
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap()
}

/// Asks the emulator for a number being claimed (`POST /__emulator/claim`); returns its id.
async fn claim(body: &str) -> String {
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &"POST".into()).unwrap();
    Reflect::set(&init, &"body".into(), &body.into()).unwrap();
    let fetch: Function = get(&js_sys::global(), "fetch").unchecked_into();
    let url = format!("{}/__emulator/claim", emulator());
    let response = JsFuture::from(Promise::from(
        fetch.call2(&JsValue::NULL, &url.into(), &init).unwrap(),
    ))
    .await
    .unwrap();
    let json: Function = get(&response, "json").unchecked_into();
    let made = JsFuture::from(Promise::from(json.call0(&response).unwrap()))
        .await
        .unwrap();
    get(&made, "id").as_string().unwrap()
}

fn fast_waiter() -> WaiterConfig {
    WaiterConfig::new(20.0, Some(0.01), Some(0.05)).unwrap()
}

#[wasm_bindgen_test]
async fn describes_a_number_and_shows_its_rows() {
    let done = view().describe(US_DID).await.unwrap();
    let rows = summary_rows(&done);
    assert_eq!(rows[0], ("Number", "+12065550100".to_owned()));
    assert!(rows.contains(&("Type", "DID".to_owned())), "{rows:?}");
    assert!(rows.contains(&("Status", "CLAIMED".to_owned())), "{rows:?}");
    assert_eq!(done.metadata.attempts, 1);
    // The model types serialize as the service's JSON.
    let json = serde_json::to_value(&done.output).unwrap();
    assert_eq!(
        json["ClaimedPhoneNumberSummary"]["PhoneNumberId"].as_str(),
        Some(US_DID)
    );
}

#[wasm_bindgen_test]
async fn an_unknown_number_is_a_typed_error_with_its_request_id() {
    let failed = view().describe(UNKNOWN).await.unwrap_err();
    assert_eq!(failed.name(), "ResourceNotFoundException");
    let request_id = failed.request_id().unwrap();
    assert!(failed.to_string().contains(request_id), "{failed}");
}

#[wasm_bindgen_test]
async fn waits_until_a_number_is_claimed() {
    let id = claim(r#"{"notFoundFor":1,"inProgressFor":2,"then":"CLAIMED"}"#).await;
    let done = view().wait_for_claim(&id, fast_waiter()).await.unwrap();
    assert_eq!(done.status(), Some(&PhoneNumberWorkflowStatus::Claimed));
}

#[wasm_bindgen_test]
async fn a_failed_claim_ends_the_wait_with_its_message() {
    let id = claim(r#"{"inProgressFor":1,"then":"FAILED","message":"number unavailable"}"#).await;
    match view().wait_for_claim(&id, fast_waiter()).await {
        Err(error @ WaitError::Failure(_)) => {
            assert_eq!(error.name(), "WaiterFailure");
            assert!(error.to_string().contains("number unavailable"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}
