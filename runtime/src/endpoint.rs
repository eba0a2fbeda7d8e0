//! What a base URL may be, decided in one place for the builder, `UCLOUD_API_BASE_URL` and
//! `base_url` in the configuration files: an http or https URL without a user or password (the
//! API takes none, and a URL's userinfo would be sent as `Authorization: Basic`), plain http
//! only to this machine unless the builder allows it. Messages never show a password.

/// Parses `text` as a base URL: the URL, or why it cannot be one, with `text` shown safely.
pub(crate) fn parse(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| format!("{} is not a valid URL ({e})", shown(text)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{} is not an http or https URL", shown(text)));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{} carries a user or password: the API takes none (credentials are the keys), and they would be sent to it in an Authorization header",
            shown(text)
        ));
    }
    Ok(url)
}

/// Why `url` may not be used as it is: plain http to a host other than this machine, which
/// sends signed requests and passwords in clear, unless `allow_http` says the user wants that.
pub(crate) fn check_transport(url: &reqwest::Url, allow_http: bool) -> Result<(), String> {
    if url.scheme() == "https" || allow_http || is_loopback(url) {
        return Ok(());
    }
    Err(format!(
        "{} is plain http to another machine: signed requests and passwords would cross the network unencrypted; use https, or allow it with `ClientBuilder::allow_insecure_http(true)`",
        shown(url.as_str())
    ))
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// `text` quoted for a message, shown as [`mask_url_text`](crate::redact::mask_url_text)
/// does: a URL that does not parse, or parses oddly (`https:user:pw@host`, `me:pw@host`),
/// may still hold a password.
pub(crate) fn shown(text: &str) -> String {
    format!("{:?}", crate::redact::mask_url_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_refused_and_never_shown() {
        for text in [
            "https://user:url-pass-1@api.example.com/",
            "https://user@api.example.com/",
            "https://:url-pass-1@api.example.com/",
            "https://user:url-pass-1@[bad/",
            "https:user:url-pass-1@api.example.com/",
            "https:/user:url-pass-1@api.example.com/",
            "me:url-pass-1@api.example.com",
        ] {
            let err = parse(text).unwrap_err();
            assert!(!err.contains("url-pass-1"), "{text}: {err}");
            assert!(err.contains("***@"), "{text}: {err}");
        }
        assert!(parse("https://api.compshare.cn").is_ok());
        assert!(
            parse("ftp://api.compshare.cn")
                .unwrap_err()
                .contains("not an http")
        );
    }

    #[test]
    fn plain_http_goes_only_to_this_machine_unless_allowed() {
        for local in [
            "http://127.0.0.1:8080/",
            "http://127.9.0.1/",
            "http://[::1]/",
            "http://localhost/",
        ] {
            assert!(
                check_transport(&parse(local).unwrap(), false).is_ok(),
                "{local}"
            );
        }
        let remote = parse("http://api.service.ucloud.cn/").unwrap();
        let err = check_transport(&remote, false).unwrap_err();
        assert!(err.contains("allow_insecure_http"), "{err}");
        assert!(check_transport(&remote, true).is_ok());
        assert!(check_transport(&parse("https://api.compshare.cn/").unwrap(), false).is_ok());
    }
}
