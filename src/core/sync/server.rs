//! For the tests: a PouchDB Server (tools/couch, installed by `.ci/setup`) started on
//! 127.0.0.1 with its databases in memory, stopped when dropped, and a small HTTP/1.1 client
//! that carries the replicator's requests to it.

use super::{Method, Request, Response};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server's administrator.
pub const ADMIN: (&str, &str) = ("admin", "secret");

/// A running PouchDB Server.
pub struct Server {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Server {
    /// Starts one on a free port, with an administrator.
    pub fn start() -> Server {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("tools/couch/node_modules/.bin/pouchdb-server");
        assert!(
            bin.exists(),
            "PouchDB Server is not installed in tools/couch: run .ci/setup"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        // It writes its config and log where it runs: a folder of its own.
        let dir = std::env::temp_dir().join(format!("avow-couch-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new(bin)
            .args([
                "--in-memory",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pouchdb-server starts");
        let server = Server { child, port, dir };
        let started = Instant::now();
        while server.try_send(&get("/"), None).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "pouchdb-server did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let admin = Request {
            method: Method::Put,
            path: format!("/_config/admins/{}", ADMIN.0),
            body: Some(Value::from(ADMIN.1)),
        };
        assert_eq!(server.send(&admin, None).status, 200);
        server
    }

    /// Its address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What PouchDB itself, the reference client, pulls of `db`: each document's winning
    /// revision and every leaf (tools/couch/replicate.cjs).
    pub fn pouchdb_pull(&self, db: &str) -> Value {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/couch");
        let out = Command::new("node")
            .arg(root.join("replicate.cjs"))
            .args([&self.url(), db, ADMIN.0, ADMIN.1])
            .current_dir(&self.dir)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "PouchDB's replication failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("PouchDB's JSON")
    }

    /// Sends a request (as `user`, with Basic authentication), and reads the answer.
    pub fn send(&self, request: &Request, user: Option<(&str, &str)>) -> Response {
        self.try_send(request, user).expect("the server answers")
    }

    fn try_send(&self, request: &Request, user: Option<(&str, &str)>) -> std::io::Result<Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        let body = request
            .body
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            request.method.as_str(),
            request.path,
            self.port,
            body.len()
        );
        if let Some((name, password)) = user {
            head.push_str(&format!(
                "Authorization: Basic {}\r\n",
                base64(format!("{name}:{password}").as_bytes())
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| std::io::Error::other("no end of headers"))?;
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut content = raw[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            content = dechunk(&content);
        }
        let body = serde_json::from_slice(&content).unwrap_or(Value::Null);
        Ok(Response { status, body })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A GET request.
pub fn get(path: &str) -> Request {
    Request {
        method: Method::Get,
        path: path.to_string(),
        body: None,
    }
}

/// A PUT request with a JSON body.
pub fn put(path: &str, body: Value) -> Request {
    Request {
        method: Method::Put,
        path: path.to_string(),
        body: Some(body),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 || data.len() < line_end + 2 + size {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[(line_end + 4 + size).min(data.len())..];
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
