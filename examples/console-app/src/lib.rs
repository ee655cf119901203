//! The phone-number view of an admin console, written the way a Rust app compiled to
//! WebAssembly uses connect-phone-wasm: describe a number, wait for a claim, and render the
//! result as plain HTML through web-sys (no framework).
//!
//! ```no_run
//! # async fn run(root: web_sys::Element, document: web_sys::Document) -> Result<(), Box<dyn std::error::Error>> {
//! use connect_phone_wasm::Credentials;
//! let view = console_app::PhoneNumberView::new(
//!     "us-west-2",
//!     None,
//!     Credentials::new("AKIDEXAMPLE", "secret", None),
//! )?;
//! let outcome = view.describe("11111111-2222-4333-8444-555555555555").await;
//! console_app::render(&document, &root, outcome.as_ref().map_err(|e| e as _))
//!     .map_err(|_| "the page refused the view")?;
//! # Ok(())
//! # }
//! ```

use connect_phone_wasm::{
    CallError, Client, ClientConfig, ConnectError, Credentials, DescribeOutput, WaitError,
    WaiterConfig,
};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// The view's client: one per page, shared by every call it makes.
#[derive(Debug, Clone)]
pub struct PhoneNumberView {
    client: Client,
}

impl PhoneNumberView {
    /// A view of the numbers in `region`, through `endpoint` when given (the emulator in
    /// tests), else Amazon Connect's own.
    pub fn new(
        region: &str,
        endpoint: Option<&str>,
        credentials: Credentials,
    ) -> Result<PhoneNumberView, ConnectError> {
        let mut config = ClientConfig::builder()
            .region(region)
            .credentials(credentials);
        if let Some(endpoint) = endpoint {
            config = config.endpoint(endpoint);
        }
        Ok(PhoneNumberView {
            client: Client::new(config.build()?),
        })
    }

    /// Describes a number by UUID or ARN.
    pub async fn describe(&self, phone_number_id: &str) -> Result<DescribeOutput, CallError> {
        self.client.describe_phone_number(phone_number_id).await
    }

    /// Waits until a number just claimed is `CLAIMED`.
    pub async fn wait_for_claim(
        &self,
        phone_number_id: &str,
        waiter: WaiterConfig,
    ) -> Result<DescribeOutput, WaitError> {
        self.client
            .wait_until_phone_number_claimed(phone_number_id, waiter)
            .await
    }
}

/// What the view shows of a number: labels and values, `-` where the service sent none.
pub fn summary_rows(done: &DescribeOutput) -> Vec<(&'static str, String)> {
    let summary = done
        .output
        .claimed_phone_number_summary
        .clone()
        .unwrap_or_default();
    let text = |value: Option<&str>| value.unwrap_or("-").to_owned();
    vec![
        ("Number", text(summary.phone_number.as_deref())),
        ("Id", text(summary.phone_number_id.as_deref())),
        (
            "Type",
            text(summary.phone_number_type.as_ref().map(|t| t.as_str())),
        ),
        (
            "Country",
            text(
                summary
                    .phone_number_country_code
                    .as_ref()
                    .map(|c| c.as_str()),
            ),
        ),
        ("Status", text(done.status().map(|s| s.as_str()))),
        ("Target", text(summary.target_arn.as_deref())),
    ]
}

/// Renders a describe's outcome into `root`, replacing what it held: a `<dl>` of
/// [`summary_rows`], or a `<p role="alert">` with the error. Text nodes only, so nothing the
/// service sent is read as HTML.
pub fn render(
    document: &Document,
    root: &Element,
    outcome: Result<&DescribeOutput, &dyn std::error::Error>,
) -> Result<(), JsValue> {
    root.set_text_content(None);
    match outcome {
        Ok(done) => {
            let list = document.create_element("dl")?;
            for (label, value) in summary_rows(done) {
                let term = document.create_element("dt")?;
                term.set_text_content(Some(label));
                let detail = document.create_element("dd")?;
                detail.set_text_content(Some(&value));
                list.append_child(&term)?;
                list.append_child(&detail)?;
            }
            root.append_child(&list)?;
        }
        Err(error) => {
            let alert = document.create_element("p")?;
            alert.set_attribute("role", "alert")?;
            alert.set_text_content(Some(&error.to_string()));
            root.append_child(&alert)?;
        }
    }
    Ok(())
}
