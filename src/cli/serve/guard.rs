//! Which requests the server answers at all: the Host header must name the
//! address it listens on (so that a page of another site, through a host
//! name that resolves to this computer, cannot talk to it), and an Origin
//! header, when sent, must be this server's own (so that another site's
//! page cannot post moves in a student's browser). A POST must carry JSON:
//! a form or a "simple" cross-site request cannot send that.

use std::net::IpAddr;

/// Where the server listens.
pub struct Listen {
    pub ip: IpAddr,
    pub port: u16,
    /// This computer's name, also accepted (with or without `.local`) when
    /// the server listens beyond loopback.
    pub host_name: Option<String>,
}

/// This computer's name (Linux), if the server listens beyond loopback.
pub fn host_name(ip: IpAddr) -> Option<String> {
    if ip.is_loopback() {
        return None;
    }
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim().to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// `text` shortened and with control characters escaped, to quote it.
fn quoted(text: &str) -> String {
    negsim::play::class::shown(text, 80)
}

/// The Host header checked: `Ok(host)` as sent, or why it is refused.
pub fn check_host<'a>(host: Option<&'a str>, at: &Listen) -> Result<&'a str, String> {
    let Some(host) = host else {
        return Err("no Host header".into());
    };
    let refused = || {
        let also = match &at.host_name {
            Some(n) => format!(" (or {n}:{})", at.port),
            None => String::new(),
        };
        let allowed = if at.ip.is_unspecified() {
            format!("an address of this computer with port {}{also}", at.port)
        } else if at.ip.is_loopback() {
            format!("{}:{} or localhost:{}", bracket(at.ip), at.port, at.port)
        } else {
            format!("{}:{}{also}", bracket(at.ip), at.port)
        };
        format!(
            "Host '{}': this server answers only to {allowed}",
            quoted(host)
        )
    };
    let (name, port) = split_host(host).ok_or_else(refused)?;
    let port_ok = match port {
        Some(p) => p == at.port,
        None => at.port == 80,
    };
    let own = at.host_name.as_ref().is_some_and(|n| {
        let name = name.to_ascii_lowercase();
        name == *n || name.strip_suffix(".local") == Some(n.as_str())
    });
    let name_ok = if own {
        true
    } else if name.eq_ignore_ascii_case("localhost") {
        at.ip.is_loopback() || at.ip.is_unspecified()
    } else {
        match name.parse::<IpAddr>() {
            Ok(ip) => at.ip.is_unspecified() || ip == at.ip,
            Err(_) => false,
        }
    };
    if port_ok && name_ok {
        Ok(host)
    } else {
        Err(refused())
    }
}

/// An IPv6 address in brackets, as in a URL.
fn bracket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

/// A Host value as its name (brackets removed) and port.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, rest) = match host.strip_prefix('[') {
        Some(r) => {
            let (name, rest) = r.split_once(']')?;
            (name, rest)
        }
        None => match host.split_once(':') {
            Some((name, _)) => (name, &host[name.len()..]),
            None => (host, ""),
        },
    };
    let port = match rest.strip_prefix(':') {
        Some(p) => Some(p.parse().ok()?),
        None if rest.is_empty() => None,
        None => return None,
    };
    Some((name, port))
}

/// The Origin header, if any, must be `http://` and the Host checked.
pub fn check_origin(origin: Option<&str>, host: &str) -> Result<(), String> {
    match origin {
        None => Ok(()),
        Some(o) if o.eq_ignore_ascii_case(&format!("http://{host}")) => Ok(()),
        Some(o) => Err(format!(
            "Origin '{}': requests from another site are refused (this page is http://{})",
            quoted(o),
            quoted(host)
        )),
    }
}

/// A POST's Content-Type must be JSON.
pub fn check_json(kind: Option<&str>) -> Result<(), String> {
    let k = kind.unwrap_or("");
    let base = k.split(';').next().unwrap_or("").trim();
    if base.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(format!(
            "Content-Type '{}': send application/json",
            quoted(k)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ip: &str, host_name: Option<&str>) -> Listen {
        Listen {
            ip: ip.parse().unwrap(),
            port: 8080,
            host_name: host_name.map(str::to_string),
        }
    }

    #[test]
    fn hosts_of_the_address_served_only() {
        let lo = at("127.0.0.1", None);
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080"] {
            assert!(check_host(Some(ok), &lo).is_ok(), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.0.0.2:8080",
            "[::1]:8080",
            "127.0.0.1:8080:1",
            "127.0.0.1:x",
            "",
        ] {
            assert!(check_host(Some(bad), &lo).is_err(), "{bad}");
        }
        assert!(check_host(None, &lo).is_err());
        let any = at("0.0.0.0", Some("laptop"));
        for ok in [
            "192.168.1.5:8080",
            "[fe80::1]:8080",
            "laptop:8080",
            "Laptop.local:8080",
        ] {
            assert!(check_host(Some(ok), &any).is_ok(), "{ok}");
        }
        for bad in ["laptop.evil:8080", "evil.local:8080", "192.168.1.5:9090"] {
            assert!(check_host(Some(bad), &any).is_err(), "{bad}");
        }
        let v6 = at("::1", None);
        assert!(check_host(Some("[::1]:8080"), &v6).is_ok());
        assert!(check_host(Some("localhost:8080"), &v6).is_ok());
    }

    #[test]
    fn origins_and_content_types() {
        assert!(check_origin(None, "127.0.0.1:8080").is_ok());
        assert!(check_origin(Some("http://127.0.0.1:8080"), "127.0.0.1:8080").is_ok());
        for bad in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:8080",
            "http://127.0.0.1:8081",
        ] {
            let e = check_origin(Some(bad), "127.0.0.1:8080").unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
        assert!(check_json(Some("application/json")).is_ok());
        assert!(check_json(Some("Application/JSON; charset=utf-8")).is_ok());
        for bad in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            assert!(check_json(bad).is_err(), "{bad:?}");
        }
    }
}
