//! The API's base URL: the public default, and the checks before any request is made.

use reqwest::Url;

use crate::error::{Error, Result};

/// The WhyLabs API's public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://api.whylabsapp.com";

/// The base URL without its trailing `/`, after checking scheme, host and the http opt-in.
/// `source` names where the URL came from (`base_url` or `WHYLABS_API_ENDPOINT`), so that the
/// error points at the setting the user wrote.
pub(crate) fn checked_base_url(
    raw: &str,
    source: &'static str,
    allow_insecure_http: bool,
) -> Result<String> {
    let fail = |reason: String| Error::config(source, reason);
    let trimmed = raw.trim();
    // `api.whylabsapp.com` fails to parse and `localhost:8080` parses with the scheme
    // `localhost`: both are a URL written without its scheme, which is what to say.
    if !trimmed.contains("://") {
        return Err(fail(format!(
            "{raw:?} has no scheme; write it as https://{trimmed}"
        )));
    }
    let url = Url::parse(trimmed).map_err(|e| fail(format!("{raw:?} is not a URL: {e}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail(format!("{raw:?} must not have a query or fragment")));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(fail(format!("{raw:?} has no host"))),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_insecure_http => {}
        "http" => {
            return Err(fail(format!(
                "{raw:?} is plain http to a non-loopback host; use https or allow_insecure_http(true)"
            )));
        }
        other => return Err(fail(format!("scheme {other:?} is not http or https"))),
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(raw: &str, source: &'static str) -> String {
        match checked_base_url(raw, source, false).unwrap_err() {
            Error::Config { name, reason } => {
                assert_eq!(name, source);
                reason
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_url_without_a_scheme_says_so_and_names_its_source() {
        for raw in ["api.whylabsapp.com", "localhost:8080", "127.0.0.1:8080/v0"] {
            let reason = reason(raw, "WHYLABS_API_ENDPOINT");
            assert!(reason.contains("has no scheme"), "{raw}: {reason}");
        }
        assert!(reason("ftp://example.com", "base_url").contains("not http or https"));
    }

    #[test]
    fn good_urls_lose_their_trailing_slash() {
        let url = checked_base_url("https://example.com/prefix/", "base_url", false).unwrap();
        assert_eq!(url, "https://example.com/prefix");
    }
}
