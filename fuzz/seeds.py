#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets into fuzz/corpus/<target>/seed-*.

The byte layouts are those documented in fuzz/src/harness.rs: control bytes, then fields
separated by 0xFF. Seeds give the fuzzer realistic starting points (the SigV4 suite's
requests, every partition's regions, model-shaped response bodies) so that it spends its
time past the validation layers. Run it from anywhere: python3 fuzz/seeds.py
"""

import pathlib
import struct

FUZZ = pathlib.Path(__file__).resolve().parent
SUITE = FUZZ.parent / "tests" / "sigv4-suite"
SEP = b"\xff"
SUITE_TIME = 1_440_938_160  # 20150830T123600Z


def write(target, name, data):
    out = FUZZ / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    (out / f"seed-{name}").write_bytes(data)


# --- sign -------------------------------------------------------------------------------


def sign_input(flags, seed, time, expiry, method, url, headers, body=b"",
               region=b"us-east-1", service=b"service", key=b"AKIDEXAMPLE",
               secret=b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
               token=b"session-token"):
    control = bytes([flags, seed]) + struct.pack("<Q", time) + struct.pack("<I", expiry)
    fields = [method, url, region, service, key, secret, token, body]
    for name, value in headers:
        fields += [name, value]
    return control + SEP.join(fields)


def parse_req(text):
    """The method, path and query, headers and body of a suite .req file."""
    head, _, body = text.partition(b"\n\n")
    lines = head.split(b"\n")
    method, _, rest = lines[0].partition(b" ")
    target = rest.rsplit(b" ", 1)[0]
    headers = []
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + b"\n" + line)
        else:
            name, _, value = line.partition(b":")
            headers.append((name, value))
    return method, target, headers, body


def sign_seeds():
    count = 0
    for req in sorted(SUITE.glob("**/*.req")):
        method, target, headers, body = parse_req(req.read_bytes())
        host = next((v for n, v in headers if n.lower() == b"host"), b"example.amazonaws.com")
        url = b"https://" + host.strip() + target
        for flags in (0x00, 0x10, 0x9B, 0x25):
            write("sign", f"{req.stem}-{flags:02x}",
                  sign_input(flags, count & 0xFF, SUITE_TIME, 300, method, url, headers, body))
            count += 1
    extra = [
        (b"GET", b"https://connect.us-west-2.amazonaws.com/phone-number/arn%3Aaws%3Aconnect%3Aus-west-2%3A1%3Aphone-number%2Fx",
         [(b"x-amz-user-agent", b"connect-phone-wasm/0.1.0"), (b"amz-sdk-request", b"attempt=1; max=3")]),
        (b"put", b"http://127.0.0.1:8080/a/./b/../c//d?x=1&y=%zz&z=a+b#frag",
         [(b"X-Foo", b" a "), (b"x-foo", b"b  c"), (b"User-Agent", b"ua"), (b"Content-Length", b"3")]),
        (b"POST", b"HTTPS://[::1]:443/%2e%2E/%C3%A9?%E1%88%B4=%41&a=&a",
         [(b"Content-Type", b"application/json"), (b"X-Amz-Date", b"stale"), (b"Host", b"other")]),
        (b"GET", b"https://bucket.s3.amazonaws.com/key with space/~tilde",
         [(b"x-amz-content-sha256", b"UNSIGNED-PAYLOAD"), (b"x-amz-security-token", b"t")]),
        (b"DELETE", b"https://h:8443\\path\\to?q=\xc3\xa9",
         [(b"x-tab", b"a\tb"), (b"x-empty", b""), (b"x-ctl", b"a\x01b")]),
        # ConnectClient's requests, which the wire-form signer signs with the SDK headers.
        (b"GET", b"http://127.0.0.1:8080/phone-number/11111111-2222-4333-8444-555555555555",
         [(b"amz-sdk-invocation-id", b"00000000-0000-4000-8000-000000000000"),
          (b"amz-sdk-request", b"attempt=1; max=3"), (b"x-amz-user-agent", b"connect-phone-wasm/0.1.0")]),
        (b"GET", b"https://connect.us-west-2.amazonaws.com/phone-number/arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Aphone-number%2F1",
         [(b"x-amz-user-agent", b"connect-phone-wasm/0.1.0"), (b"amz-sdk-request", b"attempt=2; max=3"),
          (b"amz-sdk-invocation-id", b"ffffffff-ffff-4fff-bfff-ffffffffffff"), (b"zz", b"last")]),
    ]
    for i, (method, url, headers) in enumerate(extra):
        for flags in (0x00, 0x1F, 0xF0):
            write("sign", f"extra{i}-{flags:02x}",
                  sign_input(flags, i, 1_700_000_000 + i, 604_800, method, url, headers, b"{}"))


# --- endpoint -----------------------------------------------------------------------------


def endpoint_input(flags, region, custom=b"http://127.0.0.1:8080",
                   phone_id=b"12345678-1234-1234-1234-123456789012"):
    control = bytes([flags, 1, 3]) + bytes(range(16))
    return control + SEP.join([region, custom, phone_id])


def endpoint_seeds():
    regions = [b"us-west-2", b"us-gov-west-1", b"cn-north-1", b"us-iso-east-1",
               b"us-isob-east-1", b"eu-isoe-west-1", b"us-isof-south-1", b"eusc-de-east-1",
               b"moon-base-1", b"ap-southeast-2", b"x", b"US-EAST-1", b"us-east-1.evil.com/"]
    for region in regions:
        for flags in range(4):
            write("endpoint", f"{region.decode(errors='replace').replace('/', '_')}-{flags}",
                  endpoint_input(flags, region))
    customs = [b"http://127.0.0.1:8080", b"https://localhost/prefix/", b"http://[::1]:9/a/../b",
               b"https://example.com?x=1", b"ftp://x/", b"https://user@h/"]
    for i, custom in enumerate(customs):
        write("endpoint", f"custom{i}", endpoint_input(4, b"us-east-1", custom))
    ids = [b"arn:aws:connect:us-west-2:123456789012:phone-number/12345678-1234-1234-1234-123456789012",
           b"arn:aws-cn:connect:cn-north-1:1:phone-number/x", b"arn:aws:s3:::bucket", b"a/b",
           b"x y", b"\xc3\xa9\xe9\x9b\xbb", b"%2e", b"~", b"-"]
    for i, phone_id in enumerate(ids):
        write("endpoint", f"id{i}", endpoint_input(0, b"us-west-2", phone_id=phone_id))
        write("endpoint", f"id{i}-custom", endpoint_input(4, b"us-west-2", b"http://h:1/p", phone_id))


# --- response -----------------------------------------------------------------------------


def response_input(status, body, request_id=None, error_type=None, content_type=None):
    flags = (request_id is not None) | (error_type is not None) << 1 | (content_type is not None) << 2
    control = struct.pack(">H", status) + bytes([flags])
    return control + SEP.join([request_id or b"", error_type or b"", content_type or b"", body])


def response_seeds():
    full = (b'{"ClaimedPhoneNumberSummary":{"PhoneNumberId":"12345678-1234-1234-1234-123456789012",'
            b'"PhoneNumberArn":"arn:aws:connect:us-west-2:1:phone-number/x","PhoneNumber":"+12065550100",'
            b'"PhoneNumberCountryCode":"US","PhoneNumberType":"DID","PhoneNumberDescription":"d\\u00e9",'
            b'"TargetArn":"arn:aws:connect:us-west-2:1:instance/i","InstanceId":"i",'
            b'"Tags":{"a":"b","c":"\\ud83d\\ude00"},"PhoneNumberStatus":{"Status":"CLAIMED","Message":"m"},'
            b'"SourcePhoneNumberArn":null,"NewField":[1,-2.5e+3,true,false,null,{}]}}')
    cases = [
        ("full", response_input(200, full, b"rid", None, b"application/x-amz-json-1.1")),
        ("unknown-enums", response_input(200, b'{"ClaimedPhoneNumberSummary":{"PhoneNumberCountryCode":"ZZ",'
                                               b'"PhoneNumberType":"NEW","PhoneNumberStatus":{"Status":"x"}}}')),
        ("empty-object", response_input(200, b"{}")),
        ("null-summary", response_input(204, b'{"ClaimedPhoneNumberSummary":null}')),
        ("wrong-shape", response_input(200, b'{"ClaimedPhoneNumberSummary":{"Tags":{"a":1}}}')),
        ("truncated", response_input(200, full[:57], b"rid")),
        ("html", response_input(200, b"<html><body>Bad Gateway</body></html>", None, None, b"text/html")),
        ("whitespace", response_input(200, b" \r\n\t ")),
        ("deep", response_input(200, b"[" * 70 + b"]" * 70)),
        ("not-utf8", response_input(200, b'"\xc3\x28"')),
        ("header-error", response_input(429, b'{"message":"slow down"}', b"rid",
                                        b"com.amazonaws.connect#ThrottlingException:http://internal/")),
        ("type-error", response_input(404, b'{"__type":"com.amazonaws.connect#ResourceNotFoundException",'
                                           b'"Message":"no such number"}')),
        ("code-error", response_input(403, b'{"code":"AccessDeniedException","message":""}')),
        ("bad-name", response_input(400, b'{"code":"bad name!"}', None, b"#:")),
        ("proxy-502", response_input(502, b"<html>\x01Bad Gateway</html>", None, None, b"text/html")),
        ("empty-500", response_input(500, b"")),
        ("status-0", response_input(0, b"{}")),
        ("status-max", response_input(65535, b"null")),
        ("strings", response_input(400, b'["\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f",1,0.5,-0,1E9]')),
    ]
    for name, data in cases:
        write("response", name, data)


if __name__ == "__main__":
    sign_seeds()
    endpoint_seeds()
    response_seeds()
    for target in ("sign", "endpoint", "response"):
        print(target, len(list((FUZZ / "corpus" / target).glob("seed-*"))), "seeds")
