//! Files to and from the hosts an API names in its answers (an upload URL, a task's output
//! URL): streamed, never with the client's credentials, never through a redirect, and only
//! over https (or to this machine).

use std::path::Path;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::client::Client;
use crate::error::{Context, Delivery, Error, ErrorKind, TransportError};

use crate::redact::mask_url;

/// How long a whole upload or download may take.
pub const TRANSFER_TIMEOUT: Duration = Duration::from_secs(600);

/// The most bytes of an error answer kept for its message.
const ERROR_BODY: usize = 512;

/// An upload to a URL an API answered with: the headers it named (never the client's key).
#[derive(Clone, Copy, Debug)]
pub struct Upload<'a> {
    /// The URL, which must be https (or on this machine).
    pub url: &'a str,
    /// The file's `Content-Type`.
    pub content_type: &'a str,
    /// Other headers the API named for the upload, e.g. `Authorization` of the upload host.
    pub headers: &'a [(&'a str, &'a str)],
}

fn failure(what: &'static str, kind: ErrorKind, delivery: Delivery) -> Error {
    Error::new(
        kind,
        Context {
            action: Some(what.into()),
            attempts: 1,
            delivery,
            // Sending a file to its URL again, or reading one again, is harmless.
            idempotent: true,
            request_id: None,
        },
    )
}

fn file_error(what: &'static str, path: &Path, e: &std::io::Error, delivery: Delivery) -> Error {
    let reason = format!("{}: {e}", path.display());
    failure(what, ErrorKind::Transfer(reason), delivery)
}

/// The URL to send a file to or read one from, if it may be: https, or this machine.
fn checked_url(what: &'static str, url: &str) -> Result<reqwest::Url, Error> {
    let refused = |why: String| failure(what, ErrorKind::Transfer(why), Delivery::NotSent);
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| refused(format!("the {what} URL the API gave is not a URL")))?;
    crate::endpoint::check_transport(&parsed, false).map_err(|_| {
        refused(format!(
            "the {what} URL the API gave, {}, is not https: nothing is sent over plain http",
            mask_url(&parsed)
        ))
    })?;
    Ok(parsed)
}

/// A non-2xx answer (a redirect included: none is followed) as an error.
/// Only the start of its body is read: an error page from another host may be of any size.
async fn status_error(what: &'static str, mut response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let mut bytes = Vec::new();
    while bytes.len() < ERROR_BODY {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(ERROR_BODY);
    let body = String::from_utf8_lossy(&bytes).into_owned();
    failure(what, ErrorKind::Http { status, body }, Delivery::Received)
}

/// A failure of the exchange: not sent if it failed before a byte left (building the
/// request, connecting); else as far as it got (`answered`: the answer had begun).
fn transport(what: &'static str, e: reqwest::Error, answered: bool) -> Error {
    let delivery = if e.is_builder() || e.is_connect() {
        Delivery::NotSent
    } else if answered {
        Delivery::Received
    } else {
        Delivery::MaybeSent
    };
    let kind = if e.is_timeout() {
        ErrorKind::Timeout {
            after: TRANSFER_TIMEOUT,
        }
    } else {
        ErrorKind::Transport(TransportError(e.without_url()))
    };
    failure(what, kind, delivery)
}

impl Client {
    /// The HTTP client of files: the SDK's own (which follows no redirect); or, when the
    /// caller gave theirs (whose policy is theirs), one made for files the first time.
    fn files(&self) -> Result<&reqwest::Client, Error> {
        if let Some(own) = &self.inner.files {
            return Ok(own);
        }
        let made = self.inner.files_made.get_or_init(|| {
            crate::builder::files_client(TRANSFER_TIMEOUT).map_err(|e| e.to_string())
        });
        made.as_ref().map_err(|why| {
            failure(
                "upload or download",
                ErrorKind::Transfer(why.clone()),
                Delivery::NotSent,
            )
        })
    }

    /// Sends the file at `path` with a `PUT` to `upload.url`, streamed from disk, with
    /// `Content-Type`, `Content-Length` and `upload.headers` only: the client's credentials
    /// never go to the upload host. `progress` is told the bytes sent so far and the file's
    /// size. A file whose size changes while it is sent is an error, as is any answer but a
    /// 2xx (a redirect is not followed).
    pub async fn upload_file(
        &self,
        upload: Upload<'_>,
        path: &Path,
        progress: impl FnMut(u64, u64) + Send + 'static,
    ) -> Result<(), Error> {
        const WHAT: &str = "upload";
        let url = checked_url(WHAT, upload.url)?;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| file_error(WHAT, path, &e, Delivery::NotSent))?;
        let size = file
            .metadata()
            .await
            .map_err(|e| file_error(WHAT, path, &e, Delivery::NotSent))?
            .len();
        let mut progress = progress;
        let mut sent = 0u64;
        let chunks = tokio_util::io::ReaderStream::new(file).map(move |chunk| {
            let chunk = chunk?;
            sent += chunk.len() as u64;
            if sent > size {
                return Err(std::io::Error::other("the file grew while it was sent"));
            }
            progress(sent, size);
            Ok(chunk)
        });
        let mut request = self
            .files()?
            .put(url)
            .timeout(TRANSFER_TIMEOUT)
            .header(reqwest::header::CONTENT_TYPE, upload.content_type)
            .header(reqwest::header::CONTENT_LENGTH, size)
            .body(reqwest::Body::wrap_stream(chunks));
        for (name, value) in upload.headers {
            request = request.header(*name, *value);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                let now = tokio::fs::metadata(path).await.map(|m| m.len()).ok();
                if now != Some(size) {
                    let reason = format!("{}: the file changed while it was sent", path.display());
                    return Err(failure(
                        WHAT,
                        ErrorKind::Transfer(reason),
                        Delivery::MaybeSent,
                    ));
                }
                return Err(transport(WHAT, e, false));
            }
        };
        if !response.status().is_success() {
            return Err(status_error(WHAT, response).await);
        }
        Ok(())
    }

    /// Downloads `url` (an output URL an API answered with) into `path`, streamed: written to
    /// a new file beside it first, which replaces `path` only once every byte has arrived, so
    /// that a failed download leaves nothing half-written. No credentials are sent and no
    /// redirect is followed. `progress` is told the bytes so far and the size, if the answer
    /// says it. Returns the bytes written.
    pub async fn download_file(
        &self,
        url: &str,
        path: &Path,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<u64, Error> {
        const WHAT: &str = "download";
        let url = checked_url(WHAT, url)?;
        let part = part_path(path);
        let response = self
            .files()?
            .get(url)
            .timeout(TRANSFER_TIMEOUT)
            .send()
            .await
            .map_err(|e| transport(WHAT, e, false))?;
        if !response.status().is_success() {
            return Err(status_error(WHAT, response).await);
        }
        let size = response.content_length();
        let written = async {
            // A new file of its own: never one that is there (or a link planted there).
            let mut file = tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&part)
                .await
                .map_err(|e| file_error(WHAT, &part, &e, Delivery::Received))?;
            let mut body = response.bytes_stream();
            let mut got = 0u64;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| transport(WHAT, e, true))?;
                file.write_all(&chunk)
                    .await
                    .map_err(|e| file_error(WHAT, &part, &e, Delivery::Received))?;
                got += chunk.len() as u64;
                progress(got, size);
            }
            if size.is_some_and(|s| s != got) {
                let reason = format!("{got} bytes arrived of the {} announced", size.unwrap_or(0));
                return Err(failure(
                    WHAT,
                    ErrorKind::Transfer(reason),
                    Delivery::Received,
                ));
            }
            file.sync_all()
                .await
                .map_err(|e| file_error(WHAT, &part, &e, Delivery::Received))?;
            Ok(got)
        }
        .await;
        let renamed = match written {
            Ok(got) => tokio::fs::rename(&part, path)
                .await
                .map(|()| got)
                .map_err(|e| file_error(WHAT, path, &e, Delivery::Received)),
            Err(e) => Err(e),
        };
        if renamed.is_err() {
            let _ = tokio::fs::remove_file(&part).await;
        }
        renamed
    }
}

/// Where a download is written until it is whole: beside `path`, so that the rename is
/// within one file system.
fn part_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{:08x}.part", fastrand::u32(..)));
    path.with_file_name(name)
}
