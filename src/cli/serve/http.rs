//! One HTTP/1.1 request read within bounds, and one response written.
//!
//! The request line is at most [`MAX_LINE`] bytes (else 414), all header
//! lines together at most [`MAX_HEADERS`] (else 431), the body at most
//! [`MAX_BODY`] (else 413, before any of it is read); the whole request must
//! arrive before its deadline (else 408). A refused connection is answered,
//! then closed after a short drain so that the client reads the answer.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The longest request line, in bytes.
pub const MAX_LINE: usize = 8 * 1024;
/// The most bytes of header lines (and at most [`MAX_HEADER_COUNT`] lines).
pub const MAX_HEADERS: usize = 32 * 1024;
const MAX_HEADER_COUNT: usize = 100;
/// The largest body.
pub const MAX_BODY: usize = 64 * 1024;
/// How long a response may take to be written to a slow reader.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request as read.
pub struct Request {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (the first, case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of query parameter `name` (no percent-decoding: the
    /// values negsim puts in addresses are hex).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// An answer: status line text, content type, body.
pub struct Reply {
    pub status: &'static str,
    pub kind: &'static str,
    pub body: String,
}

impl Reply {
    pub fn text(status: &'static str, message: impl Into<String>) -> Reply {
        let mut body = message.into();
        body.push('\n');
        Reply {
            status,
            kind: "text/plain; charset=utf-8",
            body,
        }
    }
}

/// Why no request came.
pub enum ReadError {
    /// The client went away (or the connection was cut): nothing to answer.
    Gone,
    /// A request the server refuses: answer it, then close.
    Refuse(Reply),
}

fn refuse(status: &'static str, message: String) -> ReadError {
    ReadError::Refuse(Reply::text(status, message))
}

fn timeout() -> ReadError {
    refuse(
        "408 Request Timeout",
        "the request did not arrive in time".into(),
    )
}

/// Read one request from `stream`, all of it before `deadline`.
pub fn read_request(stream: &TcpStream, deadline: Instant) -> Result<Request, ReadError> {
    let mut r = BufReader::with_capacity(8 * 1024, stream);
    let mut line = Vec::new();
    if !read_line(&mut r, &mut line, MAX_LINE, deadline)? {
        return Err(refuse(
            "414 URI Too Long",
            format!("the request line is longer than {MAX_LINE} bytes"),
        ));
    }
    let line = String::from_utf8_lossy(&line).into_owned();
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(refuse(
            "400 Bad Request",
            "the request line is not 'METHOD PATH HTTP/1.1'".into(),
        ));
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut req = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let too_many = || {
        refuse(
            "431 Request Header Fields Too Large",
            format!("the headers are longer than {MAX_HEADERS} bytes or {MAX_HEADER_COUNT} lines"),
        )
    };
    let mut used = 0;
    loop {
        let mut h = Vec::new();
        if !read_line(&mut r, &mut h, MAX_HEADERS - used, deadline)? {
            return Err(too_many());
        }
        used += h.len();
        if h == b"\r\n" || h == b"\n" {
            break;
        }
        if req.headers.len() == MAX_HEADER_COUNT {
            return Err(too_many());
        }
        let h = String::from_utf8_lossy(&h);
        if let Some((k, v)) = h.split_once(':') {
            req.headers
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length = body_length(&req)?;
    req.body = vec![0; length];
    let mut got = 0;
    while got < length {
        set_timeout(stream, deadline)?;
        let n = {
            let buf = r.fill_buf().map_err(io_error)?;
            let n = buf.len().min(length - got);
            req.body[got..got + n].copy_from_slice(&buf[..n]);
            n
        };
        if n == 0 {
            return Err(ReadError::Gone);
        }
        r.consume(n);
        got += n;
    }
    Ok(req)
}

/// The body's length from Content-Length, within [`MAX_BODY`].
fn body_length(req: &Request) -> Result<usize, ReadError> {
    if req.header("transfer-encoding").is_some() {
        return Err(refuse(
            "411 Length Required",
            "Transfer-Encoding is not accepted: send Content-Length".into(),
        ));
    }
    let Some(v) = req.header("content-length") else {
        return Ok(0);
    };
    let shown: String = v.chars().take(40).collect();
    let n: u64 = v.parse().map_err(|_| {
        refuse(
            "400 Bad Request",
            format!(
                "Content-Length '{}': a whole number of bytes",
                shown.escape_default()
            ),
        )
    })?;
    if n > MAX_BODY as u64 {
        return Err(refuse(
            "413 Payload Too Large",
            format!("Content-Length {n}: the body may have {MAX_BODY} bytes at most"),
        ));
    }
    Ok(n as usize)
}

/// Read up to a newline into `line`, at most `limit` bytes in all: whether
/// the line ended within the limit.
fn read_line(
    r: &mut BufReader<&TcpStream>,
    line: &mut Vec<u8>,
    limit: usize,
    deadline: Instant,
) -> Result<bool, ReadError> {
    loop {
        set_timeout(r.get_ref(), deadline)?;
        let buf = r.fill_buf().map_err(io_error)?;
        if buf.is_empty() {
            return Err(ReadError::Gone);
        }
        let take = buf.len().min(limit - line.len());
        if let Some(i) = buf[..take].iter().position(|&b| b == b'\n') {
            line.extend_from_slice(&buf[..=i]);
            r.consume(i + 1);
            return Ok(true);
        }
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if line.len() >= limit {
            return Ok(false);
        }
    }
}

/// The read timeout: what is left until `deadline`.
fn set_timeout(stream: &TcpStream, deadline: Instant) -> Result<(), ReadError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(timeout());
    }
    stream
        .set_read_timeout(Some(left))
        .map_err(|_| ReadError::Gone)
}

fn io_error(e: std::io::Error) -> ReadError {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => timeout(),
        _ => ReadError::Gone,
    }
}

/// Write `reply` and close the connection.
pub fn write_reply(mut stream: &TcpStream, reply: &Reply) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.kind,
        reply.body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(reply.body.as_bytes()))
        .and_then(|()| stream.flush());
}

/// Write a refusal, then read (and drop) a little of what the client still
/// sends before closing, so that it sees the refusal rather than a reset.
pub fn refuse_and_close(mut stream: &TcpStream, reply: &Reply) {
    write_reply(stream, reply);
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0;
    while drained < 256 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}
