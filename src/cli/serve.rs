//! `serve`: a stack's API (or a template file's) served on 127.0.0.1, its authorizers
//! enforced; the bound address on stdout's first line, one log line per request on stderr.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::Outcome;
use super::load::{StackSources, final_template};
use crate::Stack;
use crate::serve::authorize::iam::{Credential, IamCredentials};
use crate::serve::authorize::jwks_source::JwksSource;
use crate::serve::{Gateway, Jwks, ServeOptions};

/// `serve`: one API, served locally.
#[derive(Debug, clap::Args)]
pub(super) struct ServeArgs {
    /// The stack whose API to serve (needed when there are several).
    stack: Option<String>,
    /// Serve the API of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with_all = ["stack", "stacks_dir", "stack_files"])]
    template: Option<PathBuf>,
    /// The port (0: any free port; the address bound is printed).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// The address to listen on. Default: 127.0.0.1 only.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// The stage to serve (needed when the API has several).
    #[arg(long)]
    stage: Option<String>,
    /// The JWKS file of the Cognito pools (`{"keys": [...]}`, as the pool's
    /// `.well-known/jwks.json`). Without it, the keys of pools from outside the template are
    /// fetched from their well-known URL at start (a cached copy when that fails).
    #[arg(long)]
    jwks: Option<PathBuf>,
    /// A local Cognito's base URL (`http://127.0.0.1:9229`): pools' keys are fetched from
    /// `URL/{pool id}/.well-known/jwks.json` instead of the pools' own URL.
    #[arg(long, value_name = "URL", conflicts_with = "jwks")]
    cognito_endpoint: Option<String>,
    /// Where fetched keys are kept, for a start without network. Default:
    /// `$XDG_CACHE_HOME/apigw-synth/jwks` (`~/.cache/apigw-synth/jwks`).
    #[arg(long, value_name = "DIR", conflicts_with = "jwks")]
    jwks_cache: Option<PathBuf>,
    /// An API key's value, by the key's name in the template: NAME=VALUE (repeatable).
    #[arg(long = "api-key", value_name = "NAME=VALUE", value_parser = pair)]
    api_keys: Vec<(String, String)>,
    /// The Lambda Invoke API's base URL for every function (`http://127.0.0.1:9001`).
    #[arg(long, value_name = "URL")]
    lambda_endpoint: Option<String>,
    /// One function's own Invoke API base URL: NAME=URL (repeatable).
    #[arg(long = "function", value_name = "NAME=URL", value_parser = pair)]
    functions: Vec<(String, String)>,
    /// A template parameter's value: NAME=VALUE (repeatable). Default: its default.
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = pair)]
    parameters: Vec<(String, String)>,
    /// The region of pseudo parameters and of the pools the template creates.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// A credential whose SigV4 signatures `AWS_IAM` methods accept:
    /// ACCESS_KEY_ID=SECRET, or ACCESS_KEY_ID=SECRET:SESSION_TOKEN (repeatable). Without
    /// one, every `AWS_IAM` method refuses.
    #[arg(long = "credentials", value_name = "ID=SECRET")]
    credentials: Vec<String>,
    /// Where AWS service integrations are called, every service at one URL
    /// (`http://127.0.0.1:4566` for LocalStack). Without it, they answer 501.
    #[arg(long, value_name = "URL")]
    aws_endpoint: Option<String>,
    /// The credentials AWS service calls are signed with: ACCESS_KEY_ID=SECRET[:TOKEN].
    /// Default: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else
    /// LocalStack's test/test.
    #[arg(long, value_name = "ID=SECRET")]
    aws_credentials: Option<String>,
    /// Seconds an integration may take before a 504.
    #[arg(long, default_value_t = 29.0)]
    timeout: f64,
    #[command(flatten)]
    sources: StackSources,
}

/// `NAME=VALUE`.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

/// The `--credentials` given.
fn iam_credentials(specs: &[String]) -> Result<IamCredentials> {
    let mut credentials = IamCredentials::default();
    for spec in specs {
        credentials
            .add(spec)
            .map_err(|e| anyhow::anyhow!("--credentials: {e}"))?;
    }
    Ok(credentials)
}

/// `--aws-endpoint`, an `http://` URL.
fn aws_endpoint(url: Option<&str>) -> Result<Option<String>> {
    match url {
        Some(url) if !url.starts_with("http://") => {
            bail!("--aws-endpoint {url}: serve calls http:// endpoints only")
        }
        other => Ok(other.map(str::to_owned)),
    }
}

/// The credentials of AWS service calls: `--aws-credentials`, else the environment's
/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), else `test`/`test`.
fn aws_credentials(spec: Option<&str>) -> Result<Credential> {
    if let Some(spec) = spec {
        return Credential::parse(spec).map_err(|e| anyhow::anyhow!("--aws-credentials: {e}"));
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Ok(
        match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(access_key), Some(secret)) => Credential {
                access_key,
                secret,
                session_token: var("AWS_SESSION_TOKEN"),
            },
            _ => ServeOptions::default().aws_credentials,
        },
    )
}

/// Runs `serve`.
pub(super) fn run(stacks: &[Stack], args: &ServeArgs) -> Result<Outcome> {
    const NOTHING: &str = "nothing was served";
    let template = match final_template(
        stacks,
        &args.sources,
        args.stack.as_ref(),
        args.template.as_deref(),
        NOTHING,
        ("serve", "serve"),
    )? {
        Ok(template) => template,
        Err(outcome) => return Ok(outcome),
    };
    let jwks = match &args.jwks {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let jwks =
                Jwks::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            if jwks.is_empty() {
                bail!("{}: no RSA key with a kid", path.display());
            }
            Some(jwks)
        }
        None => None,
    };
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        bail!("--timeout must be between 0 and 3600 seconds");
    }
    let options = ServeOptions {
        stage: args.stage.clone(),
        jwks,
        api_keys: args.api_keys.iter().cloned().collect(),
        lambda_endpoint: args.lambda_endpoint.clone(),
        functions: args.functions.iter().cloned().collect::<BTreeMap<_, _>>(),
        parameters: args.parameters.iter().cloned().collect(),
        region: args.region.clone(),
        integration_timeout: Duration::from_secs_f64(args.timeout),
        credentials: iam_credentials(&args.credentials)?,
        aws_endpoint: aws_endpoint(args.aws_endpoint.as_deref())?,
        aws_credentials: aws_credentials(args.aws_credentials.as_deref())?,
    };
    let mut gateway = Gateway::new(&template, options).context("serving the API")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server")?;
    let issuers = gateway.issuers_to_fetch();
    let mut fetched = Vec::new();
    if args.jwks.is_none() && !issuers.is_empty() {
        let source = JwksSource {
            endpoint: args.cognito_endpoint.clone(),
            cache: args
                .jwks_cache
                .clone()
                .unwrap_or_else(JwksSource::default_cache),
        };
        let found = runtime.block_on(source.find(&issuers));
        gateway.add_keys(found.jwks);
        fetched = found.lines;
    }
    let gateway = Arc::new(gateway);
    runtime.block_on(async {
        let (listener, addr) = crate::serve::bind(SocketAddr::new(args.bind, args.port))
            .await
            .with_context(|| format!("binding {}:{}", args.bind, args.port))?;
        announce(&gateway, addr, &fetched)?;
        crate::serve::run(gateway, listener)
            .await
            .context("serving")
    })?;
    Ok(Outcome::Ok)
}

/// What is served, on stdout: the address first, then each authorizer's issuers and
/// clients, where the pools' keys came from, the API keys and what serve does not enforce.
fn announce(gateway: &Gateway, addr: SocketAddr, fetched: &[String]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "serving {} stage {} on http://{addr}/{}",
        gateway.name, gateway.stage, gateway.stage
    )?;
    for (name, authorizer) in &gateway.authorizers {
        let clients = match &authorizer.clients {
            Some(c) => c.iter().cloned().collect::<Vec<_>>().join(", "),
            None => "any (the pool's clients are not in the template)".to_owned(),
        };
        writeln!(
            out,
            "  cognito {name}: header {}, issuer {}, clients {clients}",
            authorizer.header,
            authorizer.issuers.join(" or ")
        )?;
    }
    for line in fetched {
        writeln!(out, "  keys of {line}")?;
    }
    let keys = gateway.api_key_names();
    if !keys.is_empty() {
        writeln!(out, "  API keys: {}", keys.join(", "))?;
    }
    let access_keys = gateway.iam_access_keys();
    if !access_keys.is_empty() {
        writeln!(
            out,
            "  AWS_IAM: SigV4 of {} for {}/execute-api",
            access_keys.join(", "),
            gateway.region()
        )?;
    }
    for note in &gateway.notes {
        writeln!(out, "  note: {note}")?;
    }
    out.flush()?;
    Ok(())
}
