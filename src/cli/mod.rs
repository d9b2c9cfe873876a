//! The command line as a library [`App`]: argument parsing and dispatch over a program's
//! own stacks, one module per command. The only place that uses `anyhow` and clap.

mod access;
mod diff;
mod import;
mod init;
mod list;
mod load;
mod openapi;
mod schema;
mod serve;
mod synth;
mod tree;
mod validate;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::Stack;
use crate::review::SourceError;

/// The `apigw-synth` command line over a program's own stacks: `synth`, `list`,
/// `validate`, `schema`, `diff`, `tree`, `access`, `openapi` and `init`, each with `--help`. Stack files are
/// found by the commands themselves (`stacks/`, `--stacks`, `--stack-file`). An App with
/// no stacks (`App::new(Vec::new())`, the `apigw-synth` tool) works on stack files alone.
///
/// ```no_run
/// use apigw_synth::{App, Integration, Method, RestApi, Stack};
///
/// fn main() -> std::process::ExitCode {
///     let api = RestApi::new("pets").route("/pets", Method::get(Integration::mock()).public());
///     App::new(vec![Stack::new("pets", api)]).run()
/// }
/// ```
#[derive(Debug, Clone)]
pub struct App {
    stacks: Vec<Stack>,
}

impl App {
    /// An App over `stacks`, the stacks written in Rust.
    pub fn new(stacks: Vec<Stack>) -> Self {
        Self { stacks }
    }

    /// Parses the process's arguments and runs the command; `main` returns the exit code.
    pub fn run(self) -> ExitCode {
        self.run_from(std::env::args_os())
    }

    /// Parses `args` (the program's name first) and runs the command: what [`run`](Self::run)
    /// does with the process's arguments. Output goes to stdout and stderr.
    pub fn run_from<I, T>(self, args: I) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let cli = match Cli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(e) => {
                // What clap's `exit` does, returned instead: help and version on stdout
                // (exit 0), usage errors on stderr (exit 2).
                let _ = e.print();
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
            }
        };
        let stacks = self.stacks;
        let result = match cli.command {
            Command::Synth(args) => synth::run(&stacks, &args),
            Command::List(sources) => list::run(&stacks, &sources),
            Command::Validate(args) => validate::run(&args),
            Command::Schema => schema::run(),
            Command::Init(args) => init::run(&args),
            Command::Diff(args) => return diff::run(&stacks, &args),
            Command::Tree(args) => tree::run(&stacks, &args),
            Command::Openapi(args) => openapi::run(&stacks, &args),
            Command::Serve(args) => serve::run(&stacks, &args),
            Command::Access(args) => access::run(&stacks, &args),
            Command::Import(args) => import::run(&args),
        };
        match result {
            Ok(Outcome::Ok) => ExitCode::SUCCESS,
            Ok(Outcome::Failed) => ExitCode::FAILURE,
            Err(e) => {
                print_error(&format!("{e:#}"));
                ExitCode::FAILURE
            }
        }
    }
}

/// Synthesize CloudFormation templates for API Gateway REST APIs protected by Cognito.
#[derive(Debug, Parser)]
#[command(name = "apigw-synth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the template of every stack (or of the named ones) to the output directory.
    Synth(synth::SynthArgs),
    /// List the stacks with each template's budget: resources, parameters, outputs and bytes
    /// against CloudFormation's limits, and the largest Lambda policy estimate.
    List(load::StackSources),
    /// Check stack files (or the stack files in directories) without writing anything.
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema of stack files (committed as `stacks/stack.schema.json`).
    Schema,
    /// Compare the synthesized templates with the committed ones (or two template files)
    /// by meaning, access-control changes first. Exit 0: no change, 1: changes, 2: error.
    Diff(diff::DiffArgs),
    /// Show an API's resources and methods with their authorization and integration.
    Tree(tree::TreeArgs),
    /// Print the OpenAPI 3.0 document of a stack's API (YAML, or JSON with --format json),
    /// with API Gateway's extensions unless --no-aws-extensions.
    Openapi(openapi::OpenApiArgs),
    /// Serve a stack's API on 127.0.0.1 with its authorizers enforced: routing, CORS,
    /// gateway responses, Cognito tokens (--jwks), API keys, IAM signatures (--credentials),
    /// MOCK, Lambda proxy (--lambda-endpoint) and AWS service (--aws-endpoint)
    /// integrations, one log line per request.
    Serve(Box<serve::ServeArgs>),
    /// Say who can call each method: public, IAM, Cognito pools and scopes, Lambda
    /// authorizers and their functions, API keys and usage plans, the endpoint.
    Access(access::AccessArgs),
    /// Write a stack file from an OpenAPI document (OpenAPI 3 or Swagger 2, API Gateway's
    /// export included) or a CloudFormation or SAM template; fails on anything the stack
    /// file can't carry unless --allow-lossy.
    Import(import::ImportArgs),
    /// Write a new project for your own API: a program over its own stacks (one in Rust,
    /// one stack file), out/ synthesized, snapshots, tests, a CI workflow and a README.
    Init(init::InitArgs),
}

/// What a command found: success, or a failure already reported to the user.
enum Outcome {
    Ok,
    Failed,
}

/// `--color` of `diff`, `tree` and `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A source's error in the CLI's words: git that can't run names the option needing it.
fn source_error(e: SourceError) -> anyhow::Error {
    match e {
        SourceError::Git(io) => {
            anyhow::Error::new(io).context("running git (needed for --against-rev)")
        }
        other => other.into(),
    }
}

/// Prints `error: MESSAGE` to stderr, with whatever the message quotes from a template or a
/// file (control characters, bidi overrides) shown escaped.
fn print_error(message: &str) {
    eprintln!(
        "error: {}",
        crate::review::terminal::escape_message(message.trim_end_matches('\n'))
    );
}
