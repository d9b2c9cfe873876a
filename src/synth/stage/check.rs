//! The stage's checks: retention, cache cluster, method settings and the methods they name.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{
    AccessLog, LoggingLevel, MethodSettings, Parameter, RETENTION_DAYS, Resource, Stack, Stage,
    Value,
};
use crate::budget::{Note, Warning};
use crate::cfn::{SubPart, parse_sub};
use crate::error::ProblemKind;

use super::super::names;
use super::super::parameters::{Declared, check_value};
use super::super::problems::Problems;
use super::super::resolve::ResolvedApi;

/// Stage variables per stage: API Gateway's limit, which can't be raised.
const MAX_VARIABLES: usize = 100;

/// Cache cluster sizes API Gateway offers, in GB.
const CACHE_SIZES: [&str; 8] = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

/// The problems of `stage`'s name and id, and of each variable's name and value.
fn check_name_and_variables(stage: &Stage, problems: &mut Problems<'_>) {
    check_name(stage, problems);
    for (name, value) in &stage.variables {
        let reason = names::stage_variable_name_problem(name)
            .or_else(|| names::stage_variable_value_problem(value));
        if let Some(reason) = reason {
            let name = name.clone();
            problems.stack(ProblemKind::InvalidStageVariable { name, reason });
        }
    }
    if let Some(name) = stage.variables.keys().nth(MAX_VARIABLES) {
        let reason = "a stage holds at most 100 variables (API Gateway's limit)";
        let name = name.clone();
        problems.stack(ProblemKind::InvalidStageVariable { name, reason });
    }
}

/// The problems of each stage's name and variables, and of two stages that are, or may be
/// at deploy time, named alike (by label: their resources' ids; or by name).
pub(crate) fn check_names_apart(stages: &[Stage], problems: &mut Problems<'_>) {
    let mut labels = BTreeSet::new();
    for stage in stages {
        check_name_and_variables(stage, problems);
        if !labels.insert(stage.label()) {
            problems.stack(ProblemKind::DuplicateStage(stage.label().to_owned()));
        }
    }
    // Names that may be the same once deployed: reported once, at the later stage.
    for (i, stage) in stages.iter().enumerate() {
        let Some(earlier) = stages[..i]
            .iter()
            .find(|e| e.label() != stage.label() && !always_differ(&e.name, &stage.name))
        else {
            continue;
        };
        problems.stack(ProblemKind::StageNamesMayCollide(
            earlier.label().to_owned(),
            stage.label().to_owned(),
        ));
    }
}

/// One piece of a name: a character written into the template, or a value given at deploy
/// time (a parameter, a pseudo parameter, an attribute), the same wherever it appears.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Char(char),
    Given(String),
}

/// `value` as pieces, when it is made of literal text and references only.
fn pieces(value: &Value) -> Option<Vec<Piece>> {
    let text = |t: &str| t.chars().map(Piece::Char).collect::<Vec<_>>();
    Some(match value {
        Value::Literal(t) => text(t),
        Value::Ref(name) => vec![Piece::Given(name.clone())],
        Value::GetAtt(r, a) => vec![Piece::Given(format!("{r}.{a}"))],
        Value::Sub(t) => parse_sub(t)
            .ok()?
            .into_iter()
            .flat_map(|part| match part {
                SubPart::Text(t) => text(&t),
                SubPart::Ref(id) => vec![Piece::Given(id.to_string())],
                SubPart::Pseudo(p) => vec![Piece::Given(format!("{p:?}"))],
                SubPart::GetAtt(id, a) => vec![Piece::Given(format!("{id}.{a:?}"))],
            })
            .collect(),
        Value::Join(separator, items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.extend(text(separator));
                }
                out.extend(pieces(item)?);
            }
            out
        }
        Value::ImportValue(_) | Value::Select(..) | Value::Split(..) | Value::If(..) => {
            return None;
        }
    })
}

/// Whether two names differ whatever values the deployer gives: once the pieces they share
/// at both ends are set aside, what is left of each is literal text, and the two differ
/// (`${Env}` and `${Env}-canary`, `blue-${Env}` and `green-${Env}`, `prod` and `dev`).
fn always_differ(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (pieces(a), pieces(b)) else {
        return false;
    };
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let literal = |p: &[Piece]| p.iter().all(|p| matches!(p, Piece::Char(_)));
    literal(a) && literal(b) && a != b
}

/// The name `stage` has in URLs as far as synth knows it, for their length: the literal,
/// else the default of the parameter giving it, else empty (its length is unknown until
/// deploy time).
pub(crate) fn known_length_name<'a>(stage: &'a Stage, parameters: &'a [Parameter]) -> &'a str {
    match &stage.name {
        Value::Literal(name) => name,
        Value::Ref(name) => parameters
            .iter()
            .find(|p| p.name == *name)
            .and_then(|p| p.default.as_deref())
            .unwrap_or(""),
        _ => "",
    }
}

/// The problems of `stage`'s name as far as synth can see it: a literal API Gateway
/// rejects, an id that is no stage name, a computed name without an id, literal text in a
/// computed name that no stage name holds.
fn check_name(stage: &Stage, problems: &mut Problems<'_>) {
    let label = || stage.label().to_owned();
    if let Some(id) = &stage.id
        && !names::is_stage_name(id)
    {
        problems.stack(ProblemKind::InvalidStageNameValue(
            id.clone(),
            "its id is not letters, digits, `-` and `_` (at most 128)",
        ));
    }
    let stage_text = |text: &str| {
        text.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match &stage.name {
        Value::Literal(name) => {
            if !names::is_stage_name(name) {
                problems.stack(ProblemKind::InvalidStageName(name.clone()));
            }
        }
        Value::Ref(_) => {}
        computed => {
            if stage.id.is_none() {
                problems.stack(ProblemKind::InvalidStageNameValue(
                    shown(computed),
                    "a name computed at deploy time needs an `id`, which names the stage's \
                     resources (a literal name or `ref` names them itself)",
                ));
            }
            let literal_ok = match computed {
                Value::Sub(text) => parse_sub(text).is_ok_and(|parts| {
                    parts.iter().all(|p| match p {
                        SubPart::Text(t) => stage_text(t),
                        SubPart::Ref(_) | SubPart::Pseudo(_) | SubPart::GetAtt(..) => true,
                    })
                }),
                Value::Join(separator, items) => {
                    stage_text(separator)
                        && items.iter().all(|i| i.as_literal().is_none_or(stage_text))
                }
                _ => true,
            };
            if !literal_ok {
                problems.stack(ProblemKind::InvalidStageNameValue(
                    label(),
                    "its literal text holds characters no stage name takes (letters, digits, \
                     `-` and `_`)",
                ));
            }
        }
    }
}

/// A computed name in the words of stack files, for messages: `sub ${Env}-v2`.
fn shown(value: &Value) -> String {
    match value {
        Value::Literal(text) | Value::Ref(text) | Value::Sub(text) => {
            let form = match value {
                Value::Literal(_) => "",
                Value::Ref(_) => "ref ",
                _ => "sub ",
            };
            format!("{form}{text}")
        }
        Value::GetAtt(resource, attribute) => format!("getAtt {resource}.{attribute}"),
        Value::ImportValue(name) => format!("importValue {}", shown(name)),
        Value::Join(separator, items) => {
            let items: Vec<String> = items.iter().map(shown).collect();
            format!("join {separator:?} [{}]", items.join(", "))
        }
        Value::Select(index, list) => format!("select {index} of {}", shown(list)),
        Value::Split(separator, v) => format!("split {separator:?} of {}", shown(v)),
        Value::If(condition, a, b) => {
            format!("if {condition} then {} else {}", shown(a), shown(b))
        }
    }
}

/// Every other problem of `stage` over the resolved `api`.
pub(crate) fn check(
    stage: &Stage,
    api: &ResolvedApi<'_>,
    parameters: &Declared<'_>,
    problems: &mut Problems<'_>,
) {
    check_value(&stage.name, parameters, None, None, problems);
    if let Value::Ref(name) = &stage.name
        && parameters.resources.contains_key(name.as_str())
    {
        problems.stack(ProblemKind::InvalidStageNameValue(
            stage.label().to_owned(),
            "its name `ref`s a resource; a stage's name is a literal or a parameter's value",
        ));
    }
    match &stage.access_log {
        AccessLog::LogGroup {
            retention_days,
            kms_key,
        } => {
            if !RETENTION_DAYS.contains(retention_days) {
                problems.stack(ProblemKind::InvalidLogRetention(
                    stage.label().to_owned(),
                    *retention_days,
                ));
            }
            if let Some(key) = kms_key {
                check_value(key, parameters, None, None, problems);
            }
        }
        AccessLog::Destination(arn) => check_value(arn, parameters, None, None, problems),
        AccessLog::Off(reason) => {
            if reason.trim().is_empty() {
                problems.stack(ProblemKind::EmptyReason("for turning access logs off"));
            }
        }
    }
    if let Some(size) = &stage.cache_cluster
        && !CACHE_SIZES.contains(&size.as_str())
    {
        problems.stack(ProblemKind::InvalidCacheSize(
            stage.label().to_owned(),
            size.clone(),
        ));
    }
    check_settings(&stage.settings, Some(stage), None, None, problems);
    if let Some(canary) = &stage.canary
        && !(0.0..=100.0).contains(&canary.percent)
    {
        problems.stack(ProblemKind::CanaryPercentOutOfRange(
            stage.label().to_owned(),
            canary.percent.to_string(),
        ));
    }
    check_tags(&stage.tags, problems);
    if let Some(acl) = &stage.web_acl {
        check_value(acl, parameters, None, None, problems);
    }

    if stage.method_settings.is_empty() {
        return;
    }
    let paths: Vec<String> = (0..api.resources.len()).map(|i| api.path(i)).collect();
    let methods: BTreeSet<(&str, &str)> = api
        .resources
        .iter()
        .zip(&paths)
        .flat_map(|(r, path)| r.methods.iter().map(|m| (path.as_str(), m.verb.as_str())))
        .collect();
    for (path, verb, settings) in &stage.method_settings {
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };
        if !methods.contains(&(path, verb.as_str())) {
            problems.at(
                Some(path),
                Some(verb.as_str()),
                ProblemKind::MethodSettingsWithoutMethod(stage.label().to_owned()),
            );
        }
        check_settings(
            settings,
            Some(stage),
            Some(path),
            Some(verb.as_str()),
            problems,
        );
    }
}

/// A method whose own settings cache needs a stage with a cache cluster: on the stages
/// without one its caching is left out.
pub(crate) fn check_method_caching(
    stages: &[Stage],
    api: &ResolvedApi<'_>,
    problems: &mut Problems<'_>,
) {
    if stages.iter().any(|s| s.cache_cluster.is_some()) {
        return;
    }
    let Some(first) = stages.first() else {
        return;
    };
    for (i, r) in api.resources.iter().enumerate() {
        for m in r
            .methods
            .iter()
            .filter(|m| m.settings.caching == Some(true))
        {
            problems.at(
                Some(&api.path(i)),
                Some(m.verb.as_str()),
                ProblemKind::CachingWithoutCacheCluster(first.label().to_owned()),
            );
        }
    }
}

/// Tags CloudFormation accepts: keys of 1 to 128 characters not starting with `aws:`, values
/// of at most 256.
pub(crate) fn check_tags(tags: &BTreeMap<String, String>, problems: &mut Problems<'_>) {
    for (key, value) in tags {
        let reason = if key.is_empty() || key.chars().count() > 128 {
            Some("its key must be 1 to 128 characters")
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some("keys starting with `aws:` are reserved by AWS")
        } else if value.chars().count() > 256 {
            Some("its value must be at most 256 characters")
        } else {
            None
        };
        if let Some(reason) = reason {
            problems.stack(ProblemKind::InvalidTag(key.clone(), reason));
        }
    }
}

/// The problems of one set of settings, at `path` and `method` when it is a method's. With
/// `stage`, caching there needs its cache cluster.
pub(crate) fn check_settings(
    settings: &MethodSettings,
    stage: Option<&Stage>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    if let Some((rate, burst)) = settings.throttling
        && burst < rate
    {
        problems.at(path, method, ProblemKind::BurstBelowRate(rate, burst));
    }
    if let Some(ttl) = settings.cache_ttl
        && ttl > 3600
    {
        problems.at(path, method, ProblemKind::CacheTtlOutOfRange(ttl));
    }
    if let Some(stage) = stage
        && stage.cache_cluster.is_none()
        && settings.caching == Some(true)
    {
        problems.at(
            path,
            method,
            ProblemKind::CachingWithoutCacheCluster(stage.label().to_owned()),
        );
    }
}

/// What the stack should know about its stage: a warning when data trace is on, a note when
/// it logs to CloudWatch without creating the account's role.
pub(crate) fn warnings(stack: &Stack) -> (Vec<Warning>, Vec<Note>) {
    let mut own = Vec::new();
    methods_settings(&stack.api.root, &mut own);
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut logs = false;
    for stage in &stack.api.stages {
        let all = || {
            std::iter::once(&stage.settings)
                .chain(stage.method_settings.iter().map(|(_, _, s)| s))
                .chain(own.iter().copied())
        };
        if all().any(|s| s.data_trace == Some(true)) {
            out.push(Warning::DataTrace {
                stack: stack.name.clone(),
                stage: stage.label().to_owned(),
            });
        }
        let execution_logs = all().any(|s| matches!(s.logging, Some(l) if l != LoggingLevel::Off));
        logs |= execution_logs || !matches!(stage.access_log, AccessLog::Off(_));
    }
    if logs && !stack.api.cloudwatch_role {
        notes.push(Note::CloudWatchRole {
            stack: stack.name.clone(),
        });
    }
    (out, notes)
}

/// Every method's own settings under `resource`, where it has some.
fn methods_settings<'a>(resource: &'a Resource, out: &mut Vec<&'a MethodSettings>) {
    out.extend(
        resource
            .methods
            .iter()
            .map(|m| &m.settings)
            .filter(|s| !s.is_empty()),
    );
    for child in &resource.children {
        methods_settings(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differ_when_what_is_left_around_shared_pieces_is_different_text() {
        let p = Value::parameter;
        assert!(always_differ(&"prod".into(), &"dev".into()));
        assert!(always_differ(&p("Env"), &Value::sub("${Env}-canary")));
        assert!(always_differ(
            &Value::sub("blue-${Env}"),
            &Value::join("-", [Value::literal("green"), p("Env")])
        ));
    }

    #[test]
    fn names_may_collide_when_a_deploy_time_value_is_left() {
        let p = Value::parameter;
        assert!(!always_differ(&p("Env"), &p("Env")));
        assert!(!always_differ(&p("Env"), &"prod".into()));
        assert!(!always_differ(&p("Blue"), &p("Green")));
        assert!(!always_differ(&Value::sub("${A}-x"), &Value::sub("${B}-y")));
        assert!(!always_differ(&Value::import("x"), &"prod".into()));
    }
}
