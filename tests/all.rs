//! The integration tests, one module per file of `tests/`, in one test binary: each
//! binary of its own linked the crate and compiled `support` again (the engine tests, which
//! each start an engine, and tests/init.rs, whose project compiles for about 90 s, are
//! binaries of their own, so that CI runs them in lanes beside this one; Cargo.toml lists
//! them). Run one file's
//! tests with `cargo test --test all <file>::`, e.g. `cargo test --test all bad_input::`.

mod support;

mod access;
mod api_key_source;
mod api_keys;
mod app;
mod aws_integrations;
mod bad_input;
mod budget;
mod cli;
mod committed_out;
mod conditional_values;
mod cors;
mod deployment_digest;
mod determinism;
mod domains;
mod escape_hatch;
mod eshop_template;
mod features;
mod fuzz_corpus;
mod gateway_responses;
mod import;
mod import_public;
mod input_files;
mod integrations;
mod lambda_authorizers;
mod lambda_integrations;
mod large_api;
mod openapi;
mod openapi_body;
mod out_killed;
mod out_writes;
mod override_targets;
mod properties;
mod references;
mod resource_policy;
mod review_cli;
mod review_diff;
mod review_gate;
mod review_nested;
mod serve;
mod serve_aws;
mod serve_binary;
mod serve_http;
mod serve_https;
mod serve_iam;
mod serve_jwks;
mod serve_key_source;
mod serve_lambda;
mod serve_limits;
mod serve_validation;
mod serve_watch;
mod stack_files;
mod stack_files_cli;
mod stack_sources;
mod stage_names;
mod stages;
mod user_pools;
mod validation;

/// Every file of `tests/` is compiled: a module above, or a test binary of its own in
/// Cargo.toml (`autotests = false` there, so a file in neither would never run).
#[test]
fn every_test_file_is_compiled() {
    let this = include_str!("all.rs");
    let manifest = std::fs::read_to_string(support::root().join("Cargo.toml")).unwrap();
    for entry in std::fs::read_dir(support::root().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("all.rs") {
            continue;
        }
        let name = path.file_stem().unwrap().to_str().unwrap();
        let module = format!("\nmod {name};\n");
        let binary = format!("path = \"tests/{name}.rs\"");
        assert!(
            this.contains(&module) || manifest.contains(&binary),
            "tests/{name}.rs is neither a module of tests/all.rs nor a [[test]] in Cargo.toml"
        );
    }
}
