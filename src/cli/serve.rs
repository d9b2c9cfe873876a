//! `serve`: a stack's API (or a template file's) served on 127.0.0.1, its authorizers
//! enforced; the bound address on stdout's first line, one log line per request on stderr.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tokio::runtime::Runtime;

use super::Outcome;
use super::load::{StackSources, final_template};
use crate::Stack;
use crate::api::ApiKeySource;
use crate::serve::authorize::api_key;
use crate::serve::authorize::iam::{Credential, IamCredentials};
use crate::serve::authorize::jwks_source::JwksSource;
use crate::serve::integration::backend_tls::BackendTls;
use crate::serve::watch::{Watch, WatchList};
use crate::serve::{Gateway, Jwks, ServeOptions, Served};

/// `serve`: one API, served locally.
#[derive(Debug, clap::Args)]
pub(super) struct ServeArgs {
    /// The stack whose API to serve (needed when there are several).
    stack: Option<String>,
    /// Serve the API of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with_all = ["stack", "stacks_dir", "stack_files"])]
    template: Option<PathBuf>,
    /// Re-synthesize and reload the API when a stack file (or the template) changes; the
    /// port stays, and a failed reload keeps the previous API.
    #[arg(long)]
    watch: bool,
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
    /// A PEM file of certificates `https://` backends are trusted by, besides the Mozilla
    /// roots (a local backend's own CA).
    #[arg(long, value_name = "FILE")]
    backend_ca: Option<PathBuf>,
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

/// The certificates of `--backend-ca FILE`, checked: PEM, at least one.
fn backend_ca(path: Option<&Path>) -> Result<Option<Vec<u8>>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let pem = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    BackendTls::new(Some(&pem))
        .map_err(|e| anyhow::anyhow!("--backend-ca {}: {e}", path.display()))?;
    Ok(Some(pem))
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
        backend_ca: backend_ca(args.backend_ca.as_deref())?,
    };
    let watch = if args.watch {
        Some(watch_list(stacks, args)?.start()?)
    } else {
        None
    };
    let mut gateway = Gateway::new(&template, options.clone()).context("serving the API")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server")?;
    let mut pools = PoolKeys::default();
    let fetched = pools.add_to(&mut gateway, &runtime, args);
    let served = Arc::new(Served::new(gateway));
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let served = &served;
        let result = runtime.block_on(async {
            let (listener, addr) = crate::serve::bind(SocketAddr::new(args.bind, args.port))
                .await
                .with_context(|| format!("binding {}:{}", args.bind, args.port))?;
            announce(&served.current(), addr, &fetched)?;
            if let Some(watch) = watch {
                let reload = Reload {
                    stacks,
                    args,
                    options: &options,
                    runtime: &runtime,
                    pools,
                };
                let stop = &stop;
                scope.spawn(move || reload.on_change(&watch, served, addr, stop));
            }
            crate::serve::run(served.clone(), listener)
                .await
                .context("serving")
        });
        stop.store(true, Ordering::Relaxed);
        result
    })?;
    Ok(Outcome::Ok)
}

/// What `--watch` watches: the template and the nested templates beside it, or the stack
/// files (those of the stack directory, new ones included, and those named). A stack written
/// in Rust is compiled into this program and can't be reloaded: an error.
fn watch_list(stacks: &[Stack], args: &ServeArgs) -> Result<WatchList> {
    const TEMPLATES: &[&str] = &["json", "yaml", "yml", "template"];
    let mut list = WatchList::new();
    if let Some(template) = &args.template {
        list.file(template)?;
        list.dir(template.parent().unwrap_or(Path::new(".")), TEMPLATES)?;
        return Ok(list);
    }
    let rust = match &args.stack {
        Some(name) => stacks.iter().find(|s| s.name() == name),
        // Served, so the only stack: a Rust one when the program has any.
        None => stacks.first(),
    };
    if let Some(rust) = rust {
        bail!(
            "--watch: {} is a stack written in Rust, compiled into this program, so it can't be \
             reloaded; rebuild and run serve again instead (--watch reloads stack files and \
             --template)",
            rust.name()
        );
    }
    let dir = args
        .sources
        .stacks_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("stacks"));
    if dir.is_dir() {
        list.dir(&dir, &["yaml", "yml", "json"])?;
    }
    for file in &args.sources.stack_files {
        list.file(file)?;
    }
    Ok(list)
}

/// The last line of a failed reload.
const KEPT: &str = "reload failed: still serving the previous API";

/// The keys of the pools from outside the template when `--jwks` is not given: fetched once
/// per pool (else read from the cache), and kept for the reloads.
#[derive(Default)]
struct PoolKeys {
    issuers: Vec<String>,
    jwks: Jwks,
}

impl PoolKeys {
    /// Gives `gateway` the keys of its pools, fetching those of pools not seen yet; one line
    /// per pool fetched, saying where its keys came from.
    fn add_to(
        &mut self,
        gateway: &mut Gateway,
        runtime: &Runtime,
        args: &ServeArgs,
    ) -> Vec<String> {
        if args.jwks.is_some() {
            return Vec::new();
        }
        let issuers = gateway.issuers_to_fetch();
        if issuers.is_empty() {
            return Vec::new();
        }
        let missing: Vec<String> = issuers
            .into_iter()
            .filter(|i| !self.issuers.contains(i))
            .collect();
        let mut lines = Vec::new();
        if !missing.is_empty() {
            let source = JwksSource {
                endpoint: args.cognito_endpoint.clone(),
                cache: args
                    .jwks_cache
                    .clone()
                    .unwrap_or_else(JwksSource::default_cache),
            };
            let found = runtime.block_on(source.find(&missing));
            self.jwks.extend(found.jwks);
            self.issuers.extend(missing);
            lines = found.lines;
        }
        gateway.add_keys(self.jwks.clone());
        lines
    }
}

/// What a reload needs: the stacks and options serve started with.
struct Reload<'a> {
    stacks: &'a [Stack],
    args: &'a ServeArgs,
    options: &'a ServeOptions,
    runtime: &'a Runtime,
    pools: PoolKeys,
}

impl Reload<'_> {
    /// Until `stop`: on each change of the watched files, the API synthesized again and
    /// served from the next request on, one line on stderr saying so; a failed reload prints
    /// why (the stack file's problems placed in it) and keeps the previous API.
    fn on_change(mut self, watch: &Watch, served: &Served, addr: SocketAddr, stop: &AtomicBool) {
        while !stop.load(Ordering::Relaxed) {
            let changed = watch.changed(Duration::from_millis(300));
            if changed.is_empty() {
                continue;
            }
            let Some(mut gateway) = self.rebuild() else {
                continue;
            };
            for line in self.pools.add_to(&mut gateway, self.runtime, self.args) {
                eprintln!("  {}", crate::review::terminal::escape_message(&line));
            }
            let line = format!(
                "reloaded ({} changed): serving {} stage {} on http://{addr}/{}",
                changed
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                gateway.name,
                gateway.stage,
                gateway.stage
            );
            served.replace(gateway);
            eprintln!("{}", crate::review::terminal::escape_message(&line));
        }
    }

    /// The API synthesized and built again with the same options, or None with why printed.
    fn rebuild(&self) -> Option<Gateway> {
        let args = self.args;
        let template = match final_template(
            self.stacks,
            &args.sources,
            args.stack.as_ref(),
            args.template.as_deref(),
            KEPT,
            ("serve", "serve"),
        ) {
            Ok(Ok(template)) => template,
            // Reported, KEPT last.
            Ok(Err(_)) => return None,
            Err(e) => {
                super::print_error(&format!("{e:#}"));
                eprintln!("{KEPT}");
                return None;
            }
        };
        match Gateway::new(&template, self.options.clone()) {
            Ok(gateway) => Some(gateway),
            Err(e) => {
                super::print_error(&format!("serving the API: {e}"));
                eprintln!("{KEPT}");
                None
            }
        }
    }
}

/// What is served, on stdout: the address first, then each authorizer's issuers and
/// clients, where the pools' keys came from, the API keys, the binary media types and what
/// serve does not enforce.
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
        write!(out, "  API keys: {}", keys.join(", "))?;
        match gateway.api_key_source() {
            ApiKeySource::Header => writeln!(out)?,
            source => writeln!(out, " (read from the {})", api_key::describe(source))?,
        }
    }
    for line in gateway.throttling_lines() {
        writeln!(out, "  {line}")?;
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
    let binary = gateway.binary_media_types();
    if !binary.is_empty() {
        writeln!(out, "  binary media types: {}", binary.join(", "))?;
    }
    for note in &gateway.notes {
        writeln!(out, "  note: {note}")?;
    }
    out.flush()?;
    Ok(())
}
