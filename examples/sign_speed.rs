//! Times the pure signer natively (no JS boundary): `cargo run --release --example sign_speed`.
use connect_phone_wasm::http::HttpRequest;
use connect_phone_wasm::sigv4::{
    sign, Credentials, SigningKeyCache, SigningParams, SigningSettings,
};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = "https://connect.us-west-2.amazonaws.com/phone-number/arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Aphone-number%2F11111111-2222-4333-8444-555555555555";
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("tok".into()),
    );
    let mut cache = SigningKeyCache::default();
    let n = 200_000;
    let start = Instant::now();
    for _ in 0..n {
        let request = HttpRequest::get(url)?;
        let params = SigningParams::new(
            &creds,
            "us-west-2",
            "connect",
            1_764_115_200,
            SigningSettings::default(),
        );
        std::hint::black_box(sign(&request, &params, &mut cache)?);
    }
    println!(
        "{:.2} us per signature (native, parse + sign)",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}
