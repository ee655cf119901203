//! One test body for two runtimes: included by tests/node.rs (Node) and tests/browser.rs
//! (headless Chromium). The emulator's URL is fixed at compile time by `EMULATOR_URL`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::option_env_unwrap,
    clippy::panic,
    unreachable_pub
)]

pub mod suite;

use connect_phone_wasm::__js_exports::{sign_request, ConnectClient};
use connect_phone_wasm::connect::{PhoneNumberType, PhoneNumberWorkflowStatus};
use connect_phone_wasm::sigv4::Credentials;
use connect_phone_wasm::{Client, ClientConfig, ProvidedCredentials};
use js_sys::{Object, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const US_DID: &str = "11111111-2222-4333-8444-555555555555";
const TDG: &str = "44444444-5555-4666-8777-888888888888";
const UNKNOWN: &str = "99999999-0000-4000-8000-000000000000";

fn emulator() -> &'static str {
    option_env!("EMULATOR_URL")
        .expect("build the wasm tests with EMULATOR_URL set to a running emulator (npm test does)")
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (k, v) in pairs {
        Reflect::set(&out, &(*k).into(), v).unwrap();
    }
    out.into()
}

/// Calls the emulator's control API with the global fetch.
async fn control(path: &str, body: Option<&str>) -> JsValue {
    let fetch: js_sys::Function = get(&js_sys::global(), "fetch").unchecked_into();
    let init = match body {
        Some(body) => object(&[
            ("method", "POST".into()),
            ("body", body.into()),
            (
                "headers",
                object(&[("content-type", "application/json".into())]),
            ),
        ]),
        None => object(&[]),
    };
    let url = format!("{}/__emulator/{path}", emulator());
    let response = JsFuture::from(js_sys::Promise::from(
        fetch.call2(&JsValue::NULL, &url.into(), &init).unwrap(),
    ))
    .await
    .unwrap();
    let json: js_sys::Function = get(&response, "json").unchecked_into();
    JsFuture::from(js_sys::Promise::from(json.call0(&response).unwrap()))
        .await
        .unwrap()
}

/// A fresh phone number whose next requests meet `faults`, on a server clock `offset` ms off.
async fn scenario(faults: &[&str], offset_ms: i64) -> (String, String) {
    let faults: Vec<String> = faults.iter().map(|f| format!("{f:?}")).collect();
    let body = format!(
        r#"{{"faults":[{}],"clockOffsetMs":{offset_ms}}}"#,
        faults.join(",")
    );
    let made = control("scenario", Some(&body)).await;
    (
        get(&made, "id").as_string().unwrap(),
        get(&made, "arn").as_string().unwrap(),
    )
}

async fn requests_for(id: &str) -> u32 {
    get(&control(&format!("requests?id={id}"), None).await, "count")
        .as_f64()
        .unwrap() as u32
}

fn rust_client(max_attempts: u32) -> Client {
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
    let config = ClientConfig::builder()
        .region("us-west-2")
        .credentials(credentials)
        .endpoint(emulator())
        .max_attempts(max_attempts)
        .build()
        .unwrap();
    Client::new(config)
}

fn js_client(extra: &[(&str, JsValue)]) -> ConnectClient {
    let credentials = object(&[
        ("accessKeyId", "AKIDEXAMPLE".into()),
        ("secretAccessKey", SECRET.into()),
    ]);
    let mut pairs = vec![
        ("region", JsValue::from("us-west-2")),
        ("endpoint", emulator().into()),
        ("credentials", credentials),
    ];
    pairs.extend(extra.iter().cloned());
    ConnectClient::new(object(&pairs))
}

async fn js_describe(
    client: &ConnectClient,
    id: &str,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    JsFuture::from(client.describe_phone_number(object(&[("PhoneNumberId", id.into())]), options))
        .await
}

#[wasm_bindgen_test]
fn every_sigv4_suite_case_through_sign_request() {
    for case in &suite::CASES {
        let raw = suite::parse_req(case.req);
        let headers = Object::new();
        for (name, value) in &raw.headers {
            let lower = name.to_ascii_lowercase();
            if lower == "x-amz-date" || lower == "x-amz-security-token" {
                continue;
            }
            // A JS record cannot repeat a name: repeated headers are joined with ',' in order.
            let previous = Reflect::get(&headers, &lower.as_str().into())
                .unwrap()
                .as_string();
            let joined = previous.map_or_else(|| value.clone(), |p| format!("{p},{value}"));
            Reflect::set(&headers, &lower.as_str().into(), &joined.into()).unwrap();
        }
        // post-sts-header-after adds its token after signing, which the JS API never does:
        // without a token the signature is the one the suite expects.
        let token = if case.name == "post-sts-header-after" {
            None
        } else {
            raw.session_token(case.creq)
        };
        let mut credentials = vec![
            ("accessKeyId", JsValue::from("AKIDEXAMPLE")),
            ("secretAccessKey", SECRET.into()),
        ];
        if let Some(token) = token {
            credentials.push(("sessionToken", token.into()));
        }
        let request = object(&[
            ("method", raw.method.as_str().into()),
            (
                "url",
                format!("https://{}{}", raw.host(), raw.target).into(),
            ),
            ("headers", headers.into()),
            ("body", raw.body.as_str().into()),
        ]);
        let options = object(&[
            ("region", "us-east-1".into()),
            ("service", "service".into()),
            ("credentials", object(&credentials)),
            (
                "signingDate",
                js_sys::Date::new(&JsValue::from(1_440_938_160_000.0)).into(),
            ),
            (
                "uriEscapePath",
                JsValue::from_bool(!raw.path_needs_encoding()),
            ),
        ]);
        let signed = sign_request(request, options).unwrap();
        let authorization = get(&get(&signed, "headers"), "authorization")
            .as_string()
            .unwrap();
        assert_eq!(authorization, case.authz, "{}", case.name);
    }
}

/// Sends what `signRequest` returned with this runtime's fetch: the status and error type.
async fn send_signed(url: &str) -> (u16, Option<String>) {
    let options = object(&[
        ("region", "us-west-2".into()),
        ("service", "connect".into()),
        (
            "credentials",
            object(&[
                ("accessKeyId", "AKIDEXAMPLE".into()),
                ("secretAccessKey", SECRET.into()),
            ]),
        ),
    ]);
    let signed = sign_request(object(&[("url", url.into())]), options).unwrap();
    let init = object(&[("headers", get(&signed, "headers"))]);
    let fetch: js_sys::Function = get(&js_sys::global(), "fetch").unchecked_into();
    let response = JsFuture::from(js_sys::Promise::from(
        fetch
            .call2(&JsValue::NULL, &get(&signed, "url"), &init)
            .unwrap(),
    ))
    .await
    .unwrap();
    let headers = get(&response, "headers");
    let header: js_sys::Function = get(&headers, "get").unchecked_into();
    let error_type = header
        .call1(&headers, &"x-amzn-errortype".into())
        .unwrap()
        .as_string();
    (
        get(&response, "status").as_f64().unwrap() as u16,
        error_type,
    )
}

#[wasm_bindgen_test]
async fn what_sign_request_signs_is_what_this_runtime_sends() {
    // IP hosts that fetch rewrites (all are 127.0.0.1), and a path with ^ and |, which
    // Chromium escapes and Node does not.
    let base = emulator();
    for host in ["2130706433", "0x7f.1", "127.1", "0177.0.0.01"] {
        let url = format!(
            "{}/phone-number/{US_DID}",
            base.replacen("127.0.0.1", host, 1)
        );
        assert!(
            url.contains(host),
            "the emulator is not on 127.0.0.1: {base}"
        );
        assert_eq!(send_signed(&url).await, (200, None), "{url}");
    }
    let (status, error_type) = send_signed(&format!("{base}/phone-number/a^b|c")).await;
    assert_eq!(status, 400);
    assert!(
        error_type
            .as_deref()
            .is_some_and(|t| t.starts_with("InvalidParameterException")),
        "{error_type:?}: the signature was checked and the id refused"
    );
}

#[wasm_bindgen_test]
fn bad_sign_input_is_a_validation_error_and_the_module_keeps_working() {
    let options = object(&[
        ("region", "us-east-1".into()),
        ("service", "s".into()),
        (
            "credentials",
            object(&[
                ("accessKeyId", "A".into()),
                ("secretAccessKey", SECRET.into()),
            ]),
        ),
    ]);
    for url in ["not a url", "ftp://x/", "https://", ""] {
        let error = sign_request(object(&[("url", url.into())]), options.clone()).unwrap_err();
        assert_eq!(
            get(&error, "name").as_string().as_deref(),
            Some("ValidationError"),
            "{url}"
        );
        assert!(!get(&error, "message").as_string().unwrap().contains(SECRET));
    }
    let ok = sign_request(object(&[("url", "https://example.com/".into())]), options).unwrap();
    assert!(get(&get(&ok, "headers"), "authorization")
        .as_string()
        .unwrap()
        .starts_with("AWS4-HMAC-SHA256 "));
}

#[wasm_bindgen_test]
async fn describes_by_uuid_and_by_arn_with_the_rust_api() {
    let client = rust_client(3);
    let by_uuid = client.describe_phone_number(US_DID).await.unwrap();
    let summary = by_uuid.output.claimed_phone_number_summary.unwrap();
    assert_eq!(summary.phone_number_id.as_deref(), Some(US_DID));
    assert_eq!(summary.phone_number_type, Some(PhoneNumberType::Did));
    assert_eq!(by_uuid.metadata.attempts, 1);
    assert_eq!(by_uuid.metadata.http_status_code, Some(200));
    assert!(by_uuid.metadata.request_id.is_some());

    let arn = format!("arn:aws:connect:us-west-2:123456789012:phone-number/{TDG}");
    let by_arn = client.describe_phone_number(&arn).await.unwrap();
    assert_eq!(
        by_arn
            .output
            .claimed_phone_number_summary
            .unwrap()
            .phone_number_id
            .as_deref(),
        Some(TDG)
    );
    let uuid_only = client.describe_phone_number(TDG).await.unwrap_err();
    assert_eq!(uuid_only.error.name(), "ResourceNotFoundException");
}

#[wasm_bindgen_test]
async fn errors_reach_js_typed_with_metadata() {
    let client = js_client(&[]);
    let error = js_describe(&client, UNKNOWN, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("ResourceNotFoundException")
    );
    assert_eq!(get(&error, "$fault").as_string().as_deref(), Some("client"));
    let metadata = get(&error, "$metadata");
    assert_eq!(get(&metadata, "httpStatusCode").as_f64(), Some(404.0));
    assert_eq!(get(&metadata, "attempts").as_f64(), Some(1.0));
    assert!(error.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
async fn throttling_is_retried_and_succeeds() {
    let (id, _) = scenario(&["429"], 0).await;
    let client = js_client(&[]);
    let output = js_describe(&client, &id, JsValue::UNDEFINED).await.unwrap();
    let metadata = get(&output, "$metadata");
    assert_eq!(get(&metadata, "attempts").as_f64(), Some(2.0));
    assert!(get(&metadata, "totalRetryDelay").as_f64().unwrap() >= 0.0);
    let summary = get(&output, "ClaimedPhoneNumberSummary");
    assert_eq!(
        get(&summary, "PhoneNumberCountryCode")
            .as_string()
            .as_deref(),
        Some("US")
    );
    assert_eq!(
        JSON::stringify(&get(&summary, "Tags"))
            .unwrap()
            .as_string()
            .map(|t| t.starts_with('{')),
        Some(true)
    );
}

#[wasm_bindgen_test]
async fn a_server_clock_15_minutes_ahead_is_corrected() {
    let (id, _) = scenario(&[], 15 * 60 * 1000).await;
    let client = js_client(&[]);
    let output = js_describe(&client, &id, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(
        get(&get(&output, "$metadata"), "attempts").as_f64(),
        Some(2.0)
    );
    let offset = client.system_clock_offset();
    assert!((offset - 900_000.0).abs() < 5_000.0, "offset {offset}");
}

#[wasm_bindgen_test]
async fn a_slow_response_times_out_and_the_client_still_works() {
    let (id, _) = scenario(&["slow:2000"], 0).await;
    let client = js_client(&[("requestTimeout", 200.into()), ("maxAttempts", 1.into())]);
    let error = js_describe(&client, &id, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("TimeoutError")
    );
    js_describe(&client, &id, JsValue::UNDEFINED).await.unwrap();
}

#[wasm_bindgen_test]
async fn html_502_and_invalid_json_are_typed() {
    let (id, _) = scenario(&["html502", "invalidJson"], 0).await;
    let client = js_client(&[("maxAttempts", 1.into())]);
    let error = js_describe(&client, &id, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("UnknownError")
    );
    assert_eq!(get(&error, "statusCode").as_f64(), Some(502.0));
    let error = js_describe(&client, &id, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("ResponseParseError")
    );
    assert_eq!(get(&error, "$fault").as_string().as_deref(), Some("server"));
}

#[wasm_bindgen_test]
async fn an_abort_during_backoff_stops_at_once() {
    let (id, _) = scenario(&["429", "429", "429"], 0).await;
    let client = js_client(&[("maxAttempts", 5.into())]);
    let constructor: js_sys::Function<fn() -> JsValue> =
        get(&js_sys::global(), "AbortController").unchecked_into();
    let controller: JsValue =
        js_sys::Reflect::construct::<fn() -> JsValue>(&constructor, &js_sys::Array::new()).unwrap();
    let signal = get(&controller, "signal");
    let pending = client.describe_phone_number(
        object(&[("PhoneNumberId", id.as_str().into())]),
        object(&[("abortSignal", signal)]),
    );
    let abort: js_sys::Function = get(&controller, "abort").unchecked_into();
    // The first 429 arrives at once; abort while the client sleeps before attempt 2 or 3.
    let sleep = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout: js_sys::Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        set_timeout
            .call2(&JsValue::NULL, &resolve, &JsValue::from(30))
            .unwrap();
    });
    JsFuture::from(sleep).await.unwrap();
    abort.call0(&controller).unwrap();
    let error = JsFuture::from(pending).await.unwrap_err();
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("AbortError")
    );
    assert!(get(&get(&error, "$metadata"), "attempts").as_f64().unwrap() < 5.0);
}

#[wasm_bindgen_test]
async fn bad_regions_and_ids_send_nothing() {
    let (id, _) = scenario(&[], 0).await;
    for region in ["us-east-1.evil.com/", "", " "] {
        let client = js_client(&[("region", region.into())]);
        let error = js_describe(&client, &id, JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_eq!(
            get(&error, "name").as_string().as_deref(),
            Some("ValidationError"),
            "{region:?}"
        );
    }
    let client = js_client(&[]);
    for bad in ["", "a b", "arn:aws:s3:::bucket"] {
        let error = js_describe(&client, bad, JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_eq!(
            get(&error, "name").as_string().as_deref(),
            Some("ValidationError"),
            "{bad:?}"
        );
    }
    assert_eq!(requests_for(&id).await, 0);
}

/// One row of the fault matrix: faults, options, and the expected outcome.
struct Row {
    faults: &'static [&'static str],
    offset_ms: i64,
    max_attempts: u32,
    timeout_ms: u32,
    /// `None` for success, else the error name.
    error: Option<&'static str>,
    attempts: u32,
}

const fn row(
    faults: &'static [&'static str],
    max_attempts: u32,
    error: Option<&'static str>,
    attempts: u32,
) -> Row {
    Row {
        faults,
        offset_ms: 0,
        max_attempts,
        timeout_ms: 0,
        error,
        attempts,
    }
}

/// The fault matrix: every row ends typed, and the same client then still works.
#[wasm_bindgen_test]
async fn fault_matrix_rows_end_typed_and_the_client_keeps_working() {
    let rows = [
        row(&["429"], 3, None, 2),
        row(
            &["429", "429", "429", "429"],
            3,
            Some("ThrottlingException"),
            3,
        ),
        row(&["500"], 3, None, 2),
        row(&["html502"], 3, None, 2),
        row(&["503"], 3, None, 2),
        row(&["504"], 3, None, 2),
        row(&["500"], 1, Some("InternalServiceException"), 1),
        row(&["html502"], 1, Some("UnknownError"), 1),
        row(&["503"], 1, Some("ServiceUnavailableException"), 1),
        row(&["504"], 1, Some("UnknownError"), 1),
        row(&["accessDenied"], 3, Some("AccessDeniedException"), 1),
        row(&["truncated"], 1, Some("NetworkError"), 1),
        row(&["truncated"], 3, None, 2),
        row(&["invalidJson"], 3, Some("ResponseParseError"), 1),
        row(&["wrongShape"], 3, Some("ResponseParseError"), 1),
        // Chromium resends a GET once by itself when a reused connection drops, so a lone
        // drop may never reach the client there: three in a row always do.
        row(&["drop", "drop", "drop"], 1, Some("NetworkError"), 1),
        row(&["drop"], 3, None, 2),
        row(&["resetMidBody"], 3, None, 2),
        row(&["huge"], 3, Some("ResponseParseError"), 1),
        Row {
            timeout_ms: 300,
            ..row(&["slow:3000"], 1, Some("TimeoutError"), 1)
        },
        Row {
            timeout_ms: 300,
            ..row(&["slow:3000"], 2, None, 2)
        },
        Row {
            offset_ms: 15 * 60 * 1000,
            ..row(&[], 3, None, 2)
        },
        Row {
            offset_ms: -15 * 60 * 1000,
            ..row(&[], 3, None, 2)
        },
    ];
    for (i, row) in rows.iter().enumerate() {
        let (id, _) = scenario(row.faults, row.offset_ms).await;
        let client = js_client(&[
            ("maxAttempts", row.max_attempts.into()),
            ("requestTimeout", row.timeout_ms.into()),
        ]);
        let label = format!("row {i}: {:?} offset {}", row.faults, row.offset_ms);
        let (metadata, name) = match js_describe(&client, &id, JsValue::UNDEFINED).await {
            Ok(output) => (get(&output, "$metadata"), None),
            Err(error) => {
                assert!(
                    error.is_instance_of::<js_sys::Error>(),
                    "{label}: not an Error"
                );
                let fault = get(&error, "$fault").as_string().unwrap_or_default();
                assert!(
                    fault == "client" || fault == "server",
                    "{label}: $fault {fault:?}"
                );
                (get(&error, "$metadata"), get(&error, "name").as_string())
            }
        };
        assert_eq!(name.as_deref(), row.error, "{label}");
        let attempts = get(&metadata, "attempts").as_f64().unwrap_or_default();
        let transport_fault = matches!(
            row.faults.first(),
            Some(&"drop" | &"truncated" | &"resetMidBody")
        );
        if row.error.is_none() && transport_fault {
            // The browser's own resend (see above) may have recovered before the client retried.
            assert!(
                (1.0..=f64::from(row.attempts)).contains(&attempts),
                "{label}: attempts {attempts}"
            );
        } else {
            assert_eq!(attempts, f64::from(row.attempts), "{label}");
        }
        let again = js_describe(&client, US_DID, JsValue::UNDEFINED).await;
        assert!(again.is_ok(), "{label}: the client no longer works");
    }
}

#[wasm_bindgen_test]
async fn the_rust_waiter_waits_for_claimed_and_reports_failed() {
    use connect_phone_wasm::retry::WaiterConfig;
    use connect_phone_wasm::WaitError;
    let client = rust_client(3);
    let config = WaiterConfig::new(20.0, Some(0.01), Some(0.05)).unwrap();
    let made = control(
        "claim",
        Some(r#"{"notFoundFor":1,"inProgressFor":2,"then":"CLAIMED"}"#),
    )
    .await;
    let id = get(&made, "id").as_string().unwrap();
    let done = client
        .wait_until_phone_number_claimed(&id, config)
        .await
        .unwrap();
    let status = done
        .output
        .claimed_phone_number_summary
        .and_then(|s| s.phone_number_status)
        .and_then(|s| s.status);
    assert_eq!(status, Some(PhoneNumberWorkflowStatus::Claimed));
    assert_eq!(requests_for(&id).await, 4);

    let made = control(
        "claim",
        Some(r#"{"inProgressFor":1,"then":"FAILED","message":"no"}"#),
    )
    .await;
    let id = get(&made, "id").as_string().unwrap();
    match client.wait_until_phone_number_claimed(&id, config).await {
        Err(WaitError::Failure(last)) => {
            let status = last
                .output
                .claimed_phone_number_summary
                .unwrap()
                .phone_number_status
                .unwrap();
            assert_eq!(status.message.as_deref(), Some("no"));
        }
        other => panic!("{other:?}"),
    }
    let short = WaiterConfig::new(0.1, Some(0.05), Some(0.05)).unwrap();
    match client.wait_until_phone_number_claimed(UNKNOWN, short).await {
        Err(WaitError::Timeout(Some(Err(last)))) => {
            assert_eq!(last.error.name(), "ResourceNotFoundException")
        }
        other => panic!("{other:?}"),
    }
}

fn rust_client_with(
    credentials: impl Fn() -> Result<Credentials, String> + 'static,
    calls: &Rc<Cell<u32>>,
) -> Client {
    let calls = Rc::clone(calls);
    let config = ClientConfig::builder()
        .region("us-west-2")
        .endpoint(emulator())
        .max_attempts(1)
        .credentials_fn(move || {
            calls.set(calls.get() + 1);
            let result = credentials()
                .map(ProvidedCredentials::from)
                .map_err(Into::into);
            async move { result }
        })
        .build()
        .unwrap();
    Client::new(config)
}

#[wasm_bindgen_test]
async fn a_rust_credential_provider_is_shared_by_concurrent_calls_and_then_cached() {
    let calls = Rc::new(Cell::new(0));
    let client = rust_client_with(|| Ok(Credentials::new("AKIDEXAMPLE", SECRET, None)), &calls);
    let other = client.clone();
    let first = wasm_bindgen_futures::future_to_promise(async move {
        other
            .describe_phone_number(US_DID)
            .await
            .map(|_| JsValue::TRUE)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    });
    client.describe_phone_number(US_DID).await.unwrap();
    JsFuture::from(first).await.unwrap();
    client.describe_phone_number(US_DID).await.unwrap();
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
async fn a_failing_rust_provider_is_a_credentials_error_and_nothing_is_sent() {
    let (id, _) = scenario(&[], 0).await;
    let calls = Rc::new(Cell::new(0));
    let client = rust_client_with(
        || Err(format!("the backend is down; it said {SECRET}")),
        &calls,
    );
    let failed = client.describe_phone_number(&id).await.unwrap_err();
    assert_eq!(failed.name(), "CredentialsError");
    assert!(failed.message().contains("the backend is down"), "{failed}");
    assert!(!failed.to_string().contains(SECRET), "{failed}");
    assert!(!format!("{failed:?}").contains(SECRET));
    assert_eq!(requests_for(&id).await, 0);
}

#[wasm_bindgen_test]
async fn rust_errors_display_the_aws_name_message_and_request_id() {
    let failed = rust_client(1)
        .describe_phone_number(UNKNOWN)
        .await
        .unwrap_err();
    let request_id = failed.request_id().unwrap().to_owned();
    assert_eq!(failed.name(), "ResourceNotFoundException");
    assert!(!failed.is_retryable());
    let shown = failed.to_string();
    assert!(
        shown.starts_with("ResourceNotFoundException: ")
            && shown.ends_with(&format!("(request id {request_id})")),
        "{shown}"
    );
    let as_error: &dyn std::error::Error = &failed;
    assert_eq!(as_error.to_string(), shown);
}

#[wasm_bindgen_test]
async fn an_aborted_signal_stops_rust_calls_and_waits_before_sending() {
    let (id, _) = scenario(&[], 0).await;
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let client = rust_client(3);
    let failed = client
        .describe_phone_number_with_abort(&id, &controller.signal())
        .await
        .unwrap_err();
    assert_eq!(failed.name(), "AbortError");
    let config = connect_phone_wasm::WaiterConfig::new(5.0, Some(0.01), Some(0.05)).unwrap();
    let waited = client
        .wait_until_phone_number_claimed_with_abort(&id, config, &controller.signal())
        .await
        .unwrap_err();
    assert_eq!(waited.name(), "AbortError");
    assert!(waited.to_string().starts_with("AbortError: "), "{waited}");
    assert_eq!(requests_for(&id).await, 0);
}
