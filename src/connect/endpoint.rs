//! Endpoint resolution, following the Connect endpoint rule set of the AWS model.

use super::partitions::PARTITIONS;
use super::ConnectError;
use crate::http::Url;

/// An AWS partition, as `partitions.json` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    pub(crate) name: &'static str,
    pub(crate) region_prefixes: &'static [&'static str],
    pub(crate) dns_suffix: &'static str,
    pub(crate) dual_stack_dns_suffix: &'static str,
    pub(crate) supports_fips: bool,
    pub(crate) supports_dual_stack: bool,
}

impl Partition {
    /// `^PREFIX-\w+-\d+$` for one of the prefixes.
    fn matches(&self, region: &str) -> bool {
        self.region_prefixes.iter().any(|prefix| {
            let Some(rest) = region
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('-'))
            else {
                return false;
            };
            let Some((word, number)) = rest.split_once('-') else {
                return false;
            };
            !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        })
    }
}

/// What the endpoint depends on: the client configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointConfig {
    /// The region, such as `us-west-2`.
    pub region: String,
    /// Use the FIPS endpoint.
    pub use_fips: bool,
    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    pub use_dual_stack: bool,
    /// A custom endpoint URL, such as a local emulator.
    pub endpoint: Option<String>,
}

/// A resolved endpoint: the base URL requests go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The base URL (its path is a prefix for every request path).
    pub url: Url,
    /// The partition name (`aws`, `aws-cn`, …), or `custom` for a custom endpoint.
    pub partition: &'static str,
}

/// Checks that a region is a DNS label: 1 to 63 of `a-z`, `0-9` and `-`, not at either end.
///
/// ```
/// use connect_phone_wasm::connect::validate_region;
/// assert!(validate_region("us-west-2").is_ok());
/// assert!(validate_region("us-east-1.evil.com/").is_err());
/// ```
pub fn validate_region(region: &str) -> Result<(), ConnectError> {
    if region.is_empty() {
        return Err(ConnectError::validation(
            "region is required (for example \"us-west-2\")",
        ));
    }
    let label = region.len() <= 63
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !label {
        return Err(ConnectError::validation(format!(
            "region {} is not a valid region name: use lower-case letters, digits and dashes (for example \"us-west-2\")",
            crate::http::quoted(region)
        )));
    }
    Ok(())
}

/// The DNS suffix of the partition a region belongs to (`amazonaws.com`, `amazonaws.com.cn`, …),
/// for the endpoints of other services (Cognito Identity).
pub(crate) fn dns_suffix(region: &str) -> &'static str {
    PARTITIONS
        .iter()
        .find(|p| p.matches(region))
        .or(PARTITIONS.first())
        .map_or("amazonaws.com", |p| p.dns_suffix)
}

/// Resolves the endpoint as the Connect rule set does.
///
/// ```
/// use connect_phone_wasm::connect::{resolve_endpoint, EndpointConfig};
/// let config = EndpointConfig { region: "us-gov-west-1".into(), use_fips: true, ..Default::default() };
/// assert_eq!(resolve_endpoint(&config)?.url.to_string(), "https://connect.us-gov-west-1.amazonaws.com/");
/// # Ok::<(), connect_phone_wasm::connect::ConnectError>(())
/// ```
pub fn resolve_endpoint(config: &EndpointConfig) -> Result<Endpoint, ConnectError> {
    validate_region(&config.region)?;
    if let Some(custom) = &config.endpoint {
        if config.use_fips {
            return Err(ConnectError::validation(
                "Invalid Configuration: FIPS and custom endpoint are not supported",
            ));
        }
        if config.use_dual_stack {
            return Err(ConnectError::validation(
                "Invalid Configuration: Dualstack and custom endpoint are not supported",
            ));
        }
        let url = Url::parse(custom).map_err(|e| {
            // The URL itself is not quoted: it may carry a password.
            ConnectError::validation(format!("endpoint is not usable: {e}"))
        })?;
        if !url.query().is_empty() {
            return Err(ConnectError::validation(
                "endpoint must not have a query string",
            ));
        }
        return Ok(Endpoint {
            url,
            partition: "custom",
        });
    }
    let region = config.region.as_str();
    let partition = PARTITIONS
        .iter()
        .find(|p| p.matches(region))
        .or(PARTITIONS.first())
        .copied();
    let Some(partition) = partition else {
        return Err(ConnectError::validation("no partitions are known"));
    };
    let host =
        match (config.use_fips, config.use_dual_stack) {
            (true, true) if partition.supports_fips && partition.supports_dual_stack => {
                format!("connect-fips.{region}.{}", partition.dual_stack_dns_suffix)
            }
            (true, true) => return Err(ConnectError::validation(
                "FIPS and DualStack are enabled, but this partition does not support one or both",
            )),
            (true, false) if partition.supports_fips && partition.name == "aws-us-gov" => {
                format!("connect.{region}.amazonaws.com")
            }
            (true, false) if partition.supports_fips => {
                format!("connect-fips.{region}.{}", partition.dns_suffix)
            }
            (true, false) => {
                return Err(ConnectError::validation(
                    "FIPS is enabled but this partition does not support FIPS",
                ))
            }
            (false, true) if partition.supports_dual_stack => {
                format!("connect.{region}.{}", partition.dual_stack_dns_suffix)
            }
            (false, true) => {
                return Err(ConnectError::validation(
                    "DualStack is enabled but this partition does not support DualStack",
                ))
            }
            (false, false) => format!("connect.{region}.{}", partition.dns_suffix),
        };
    let url = Url::parse(&format!("https://{host}"))
        .map_err(|e| ConnectError::validation(e.to_string()))?;
    Ok(Endpoint {
        url,
        partition: partition.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(region: &str, fips: bool, dual: bool) -> Result<String, String> {
        let config = EndpointConfig {
            region: region.into(),
            use_fips: fips,
            use_dual_stack: dual,
            endpoint: None,
        };
        resolve_endpoint(&config)
            .map(|e| e.url.host_header())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn follows_the_rule_set() {
        let cases = [
            ("us-west-2", false, false, "connect.us-west-2.amazonaws.com"),
            (
                "us-west-2",
                true,
                false,
                "connect-fips.us-west-2.amazonaws.com",
            ),
            ("us-west-2", false, true, "connect.us-west-2.api.aws"),
            ("us-west-2", true, true, "connect-fips.us-west-2.api.aws"),
            (
                "us-gov-west-1",
                false,
                false,
                "connect.us-gov-west-1.amazonaws.com",
            ),
            (
                "us-gov-west-1",
                true,
                false,
                "connect.us-gov-west-1.amazonaws.com",
            ),
            (
                "us-gov-west-1",
                true,
                true,
                "connect-fips.us-gov-west-1.api.aws",
            ),
            (
                "cn-north-1",
                false,
                false,
                "connect.cn-north-1.amazonaws.com.cn",
            ),
            (
                "cn-north-1",
                false,
                true,
                "connect.cn-north-1.api.amazonwebservices.com.cn",
            ),
            (
                "us-iso-east-1",
                false,
                false,
                "connect.us-iso-east-1.c2s.ic.gov",
            ),
            (
                "us-isob-east-1",
                true,
                false,
                "connect-fips.us-isob-east-1.sc2s.sgov.gov",
            ),
            (
                "eusc-de-east-1",
                false,
                false,
                "connect.eusc-de-east-1.amazonaws.eu",
            ),
            (
                "eu-isoe-west-1",
                false,
                false,
                "connect.eu-isoe-west-1.cloud.adc-e.uk",
            ),
            // A region no partition matches falls back to the aws partition.
            (
                "moon-base-1",
                false,
                false,
                "connect.moon-base-1.amazonaws.com",
            ),
        ];
        for (region, fips, dual, host) in cases {
            assert_eq!(
                resolve(region, fips, dual).as_deref(),
                Ok(host),
                "{region} fips={fips} dual={dual}"
            );
        }
    }

    #[test]
    fn rejects_bad_regions_and_conflicts() {
        for bad in [
            "",
            " ",
            "us-east-1.evil.com/",
            "US-EAST-1",
            "-us",
            "us east",
            "a/b",
            &"a".repeat(64),
        ] {
            assert!(resolve(bad, false, false).is_err(), "{bad:?}");
        }
        let custom = |fips, dual| EndpointConfig {
            region: "us-west-2".into(),
            use_fips: fips,
            use_dual_stack: dual,
            endpoint: Some("http://127.0.0.1:1".into()),
        };
        assert!(resolve_endpoint(&custom(true, false)).is_err());
        assert!(resolve_endpoint(&custom(false, true)).is_err());
        assert_eq!(
            resolve_endpoint(&custom(false, false))
                .unwrap()
                .url
                .to_string(),
            "http://127.0.0.1:1/"
        );
    }
}
