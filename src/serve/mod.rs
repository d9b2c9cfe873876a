//! `serve`: the synthesized API running on this machine with its authorizers enforced, for
//! development and integration tests. Built on the review model of the synthesized template
//! ([`crate::review::model`]), so that it decides exactly what the template says: routing as
//! API Gateway routes, CORS preflights, gateway responses on every error, Cognito tokens
//! verified against a JWKS, API keys, MOCK and Lambda proxy integrations, and one log line
//! per request. See docs/serve.md.

pub mod authorize;
pub mod binary_media;
pub mod cors;
pub mod event;
mod gateway;
pub mod gateway_response;
pub mod integration;
pub mod log;
pub mod parameters;
mod pipeline;
pub mod request_validator;
pub mod routing;
mod served;
pub mod throttling;
pub mod watch;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

pub use authorize::cognito::{CLOCK_SKEW_SECONDS, Jwks};
pub use gateway::{Gateway, ServeOptions};
pub use pipeline::{BODY_TIMEOUT, MAX_BODY_BYTES, MAX_HEADER_BYTES};
pub use served::Served;

/// How long a client may take to send its request line and headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Why an API can't be served.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The template defines no REST API.
    #[error("the template defines no REST API to serve")]
    NoApi,
    /// The template defines several.
    #[error("the template defines several REST APIs ({}); serve takes one", names.join(", "))]
    SeveralApis {
        /// Their names.
        names: Vec<String>,
    },
    /// `--stage` names no stage of the API.
    #[error("no stage {stage} (stages: {})", stages.join(", "))]
    NoSuchStage {
        /// The stage asked for.
        stage: String,
        /// The API's stages.
        stages: Vec<String>,
    },
    /// The API has no stage or several, and `--stage` was not given.
    #[error("name the stage to serve with --stage (stages: {})", if stages.is_empty() { "none".to_owned() } else { stages.join(", ") })]
    NameTheStage {
        /// The API's stages.
        stages: Vec<String>,
    },
    /// A value the template leaves to deploy time has none here.
    #[error("{what}: ${{{name}}} has no value; give it with --parameter {name}=VALUE")]
    Unresolved {
        /// Where it is needed.
        what: String,
        /// The parameter (or resource) it names.
        name: String,
    },
    /// Something else serve can't take.
    #[error("{message}")]
    Invalid {
        /// What.
        message: String,
    },
}

/// Serves `served` on `listener` until the process ends: HTTP/1.1, a connection per task,
/// headers within [`HEADER_TIMEOUT`], headers and request line within 64 KiB of buffer; each
/// request by the gateway current when it starts.
pub async fn run(served: Arc<Served>, listener: TcpListener) -> std::io::Result<()> {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait a moment, keep serving.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let served = served.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let gateway = served.current();
                async move { Ok::<_, Infallible>(gateway.handle(request, peer).await) }
            });
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024);
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Binds `addr`, the address actually bound (port 0 picks a free port) coming back with
/// the listener.
pub async fn bind(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}
