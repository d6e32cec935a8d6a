//! Which requests the server answers at all: the Host header must name the
//! address it listens on (so that a page of another site, through a host
//! name that resolves to this computer, cannot talk to it), and an Origin
//! header, when sent, must be this server's own (so that another site's
//! page cannot post moves in a student's browser). A POST must carry JSON:
//! a form or a "simple" cross-site request cannot send that.

use std::net::IpAddr;

/// Where the server listens.
#[derive(Clone, Copy)]
pub struct Listen {
    pub ip: IpAddr,
    pub port: u16,
}

/// `text` shortened and with control characters escaped, to quote it.
fn quoted(text: &str) -> String {
    negsim::play::class::shown(text, 80)
}

/// The Host header checked: `Ok(host)` as sent, or why it is refused.
pub fn check_host(host: Option<&str>, at: Listen) -> Result<&str, String> {
    let Some(host) = host else {
        return Err("no Host header".into());
    };
    let refused = || {
        let allowed = if at.ip.is_unspecified() {
            format!("an address of this computer with port {}", at.port)
        } else if at.ip.is_loopback() {
            format!("{}:{} or localhost:{}", bracket(at.ip), at.port, at.port)
        } else {
            format!("{}:{}", bracket(at.ip), at.port)
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
    let name_ok = if name.eq_ignore_ascii_case("localhost") {
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
