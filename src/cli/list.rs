//! `list`: each template's budget against CloudFormation's limits.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::Outcome;
use super::load::{StackSources, synthesize_sources, warn};
use crate::budget::{
    MAX_INLINE_BYTES, MAX_OUTPUTS, MAX_PARAMETERS, MAX_POLICY_BYTES, MAX_RESOURCES,
};
use crate::{Format, Stack};

/// Runs `list`.
pub(super) fn run(stacks: &[Stack], sources: &StackSources) -> Result<Outcome> {
    let synthesized = match synthesize_sources(stacks, sources, &[], Format::Json)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{:<40} {:>9} {:>7} {:>10} {:>8} {:>8} {:>13}",
        "TEMPLATE", "RESOURCES", "METHODS", "PARAMETERS", "OUTPUTS", "BYTES", "LAMBDA POLICY"
    )?;
    for s in &synthesized {
        let policy = s.policies.iter().map(|p| p.bytes).max().unwrap_or(0);
        for (i, f) in s.files.iter().enumerate() {
            let methods = f.budget.methods;
            let b = &f.budget;
            let policy = if i == 0 {
                policy.to_string()
            } else {
                String::new()
            };
            writeln!(
                stdout,
                "{:<40} {:>9} {methods:>7} {:>10} {:>8} {:>8} {policy:>13}",
                f.path, b.resources, b.parameters, b.outputs, b.bytes
            )?;
        }
    }
    writeln!(
        stdout,
        "limits: {MAX_RESOURCES} resources, {MAX_PARAMETERS} parameters, {MAX_OUTPUTS} outputs \
         and 1 MB per template ({MAX_INLINE_BYTES} bytes inline); \
         {MAX_POLICY_BYTES} bytes per Lambda policy"
    )?;
    writeln!(
        stdout,
        "\n{:<40} {:<28} {:<7} {:<7} {:<10} {:<6} {:>15}  {:<3}  DOMAINS",
        "STAGE",
        "ACCESS LOGS",
        "TRACING",
        "CACHE",
        "THROTTLING",
        "CANARY",
        "METHOD SETTINGS",
        "WAF"
    )?;
    for s in &synthesized {
        for stage in &s.stages {
            let on_off = |on: bool| if on { "on" } else { "off" };
            let cache = stage
                .cache
                .as_ref()
                .map_or_else(|| "off".to_owned(), |gb| format!("{gb} GB"));
            let throttling = stage
                .throttling
                .map_or_else(|| "account".to_owned(), |(r, b)| format!("{r}/{b}"));
            let canary = stage
                .canary
                .map_or_else(|| "-".to_owned(), |p| format!("{p}%"));
            let domains = if stage.domains.is_empty() {
                "-".to_owned()
            } else {
                stage.domains.join(", ")
            };
            writeln!(
                stdout,
                "{:<40} {:<28} {:<7} {:<7} {:<10} {:<6} {:>15}  {:<3}  {domains}",
                format!("{}/{}", s.stack, stage.name),
                stage.access_logs,
                on_off(stage.tracing),
                cache,
                throttling,
                canary,
                stage.method_settings,
                on_off(stage.web_acl),
            )?;
        }
    }
    warn(&synthesized, Path::new("out"));
    Ok(Outcome::Ok)
}
