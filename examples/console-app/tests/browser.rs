//! The app's tests in headless Chromium: the shared ones, and rendering into the page.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{view, UNKNOWN, US_DID};
use connect_phone_wasm::{DescribeOutput, DescribePhoneNumberOutput, ResponseMetadata};
use wasm_bindgen_test::wasm_bindgen_test;

fn page() -> (web_sys::Document, web_sys::Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    (document, root)
}

#[wasm_bindgen_test]
async fn renders_a_described_number_as_a_definition_list() {
    let (document, root) = page();
    let done = view().describe(US_DID).await.unwrap();
    console_app::render(&document, &root, Ok(&done)).unwrap();
    let html = root.inner_html();
    assert!(
        html.starts_with("<dl><dt>Number</dt><dd>+12065550100</dd>"),
        "{html}"
    );
    assert!(html.contains("<dt>Status</dt><dd>CLAIMED</dd>"), "{html}");
}

#[wasm_bindgen_test]
async fn renders_an_error_as_an_alert_and_replaces_what_was_shown() {
    let (document, root) = page();
    let done = view().describe(US_DID).await.unwrap();
    console_app::render(&document, &root, Ok(&done)).unwrap();
    let failed = view().describe(UNKNOWN).await.unwrap_err();
    console_app::render(&document, &root, Err(&failed)).unwrap();
    let alert = root.first_element_child().unwrap();
    assert_eq!(root.child_element_count(), 1);
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert!(alert
        .text_content()
        .unwrap()
        .starts_with("ResourceNotFoundException: "));
}

#[wasm_bindgen_test]
fn what_the_service_sent_is_shown_as_text_not_html() {
    let (document, root) = page();
    let output: DescribePhoneNumberOutput = serde_json::from_str(
        r#"{"ClaimedPhoneNumberSummary":{"PhoneNumber":"<img src=x onerror=alert(1)>"}}"#,
    )
    .unwrap();
    let done = DescribeOutput {
        output,
        metadata: ResponseMetadata::default(),
    };
    console_app::render(&document, &root, Ok(&done)).unwrap();
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.inner_html().contains("&lt;img src=x"));
}
