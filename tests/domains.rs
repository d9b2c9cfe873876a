//! Custom domains and WAF (issue 12): a domain gets its certificate, TLS 1.2 and a base path
//! mapping per path, turns the default endpoint off, may carry mutual TLS and a Route 53
//! alias record, and names its DNS target in an output; a web ACL protects a stage. All of
//! them stay in the parent of a split stack, pass cfn-lint and checkov, and `diff` reports
//! every weakening of them as access control.

use crate::support;

use apigw_synth::review::{self, Diff};
use apigw_synth::testing::split_templates;
use apigw_synth::{
    DomainName, EndpointType, Format, Integration, Method, Parameter, RestApi, SecurityPolicy,
    Stack, Stage, Value, render, synthesize,
};
use serde_json::{Value as Json, json};

const CERTIFICATE: &str =
    "arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11";
const WEB_ACL: &str = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11";

/// A small API with the stages `prod` and `beta`, served at `domain`.
fn shop(domain: DomainName) -> Stack {
    shop_api(domain, Stage::new("prod"))
}

fn shop_api(domain: DomainName, prod: Stage) -> Stack {
    let api = RestApi::new("shop")
        .route(
            "/items",
            Method::get(Integration::lambda("list-items")).iam(),
        )
        .stage(prod)
        .stage(Stage::new("beta"))
        .domain(domain);
    Stack::new("shop", api).parameter(Parameter::string("HostedZoneId"))
}

fn api_domain() -> DomainName {
    DomainName::new("api.shop.example.com", CERTIFICATE)
        .base_path("", "prod")
        .base_path("beta", "beta")
}

fn json_of(stack: &Stack) -> Json {
    let t = synthesize(stack).expect("synthesizes");
    serde_json::from_str(&render(&t, Format::Json)).unwrap()
}

/// Every resource of `t` of the CloudFormation type `resource_type`, by logical id.
fn of_type<'a>(t: &'a Json, resource_type: &str) -> Vec<(&'a String, &'a Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == resource_type)
        .collect()
}

fn compare(old: &Stack, new: &Stack) -> Diff {
    let old = synthesize(old).expect("old synthesizes");
    let new = synthesize(new).expect("new synthesizes");
    review::diff(&review::model_of(&old), &review::model_of(&new))
}

#[test]
fn a_regional_domain_gets_its_certificate_tls_1_2_and_a_mapping_per_base_path() {
    let t = json_of(&shop(api_domain()));
    let domains = of_type(&t, "AWS::ApiGateway::DomainName");
    assert_eq!(domains.len(), 1);
    assert_eq!(
        domains[0].1["Properties"],
        json!({
            "DomainName": "api.shop.example.com",
            "RegionalCertificateArn": CERTIFICATE,
            "EndpointConfiguration": { "Types": ["REGIONAL"] },
            "SecurityPolicy": "TLS_1_2",
        })
    );
    let domain_id = domains[0].0;
    let mut mappings: Vec<Json> = of_type(&t, "AWS::ApiGateway::BasePathMapping")
        .into_iter()
        .map(|(_, m)| m["Properties"].clone())
        .collect();
    mappings.sort_by_key(|m| m["Stage"]["Ref"].to_string());
    assert_eq!(
        mappings,
        vec![
            json!({ "DomainName": { "Ref": domain_id }, "RestApiId": { "Ref": "RestApi" },
                    "Stage": { "Ref": "StageBeta" }, "BasePath": "beta" }),
            json!({ "DomainName": { "Ref": domain_id }, "RestApiId": { "Ref": "RestApi" },
                    "Stage": { "Ref": "StageProd" } }),
        ]
    );
}

#[test]
fn the_domain_target_is_an_output() {
    let t = json_of(&shop(api_domain()));
    let domain_id = of_type(&t, "AWS::ApiGateway::DomainName")[0].0.clone();
    let outputs: Vec<&Json> = t["Outputs"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("DomainTarget"))
        .map(|(_, o)| &o["Value"])
        .collect();
    assert_eq!(
        outputs,
        vec![&json!({ "Fn::GetAtt": [domain_id, "RegionalDomainName"] })]
    );
}

#[test]
fn an_edge_domain_takes_a_us_east_1_certificate_and_points_dns_at_its_distribution() {
    let domain = api_domain()
        .endpoint_type(EndpointType::Edge)
        .route53_alias(Value::parameter("HostedZoneId"));
    let t = json_of(&shop(domain));
    let (id, domain) = of_type(&t, "AWS::ApiGateway::DomainName")[0];
    assert_eq!(domain["Properties"]["CertificateArn"], CERTIFICATE);
    assert!(domain["Properties"].get("RegionalCertificateArn").is_none());
    assert_eq!(
        domain["Properties"]["EndpointConfiguration"],
        json!({ "Types": ["EDGE"] })
    );
    let records = of_type(&t, "AWS::Route53::RecordSet");
    assert_eq!(
        records[0].1["Properties"],
        json!({
            "HostedZoneId": { "Ref": "HostedZoneId" },
            "Name": "api.shop.example.com",
            "Type": "A",
            "AliasTarget": {
                "DNSName": { "Fn::GetAtt": [id, "DistributionDomainName"] },
                "HostedZoneId": { "Fn::GetAtt": [id, "DistributionHostedZoneId"] },
            },
        })
    );
}

#[test]
fn mutual_tls_names_the_truststore_and_its_version() {
    let domain = api_domain()
        .mutual_tls("s3://shop-truststore/ca.pem")
        .truststore_version("7");
    let t = json_of(&shop(domain));
    assert_eq!(
        of_type(&t, "AWS::ApiGateway::DomainName")[0].1["Properties"]["MutualTlsAuthentication"],
        json!({ "TruststoreUri": "s3://shop-truststore/ca.pem", "TruststoreVersion": "7" })
    );
}

#[test]
fn a_domain_turns_the_execute_api_endpoint_off_unless_the_api_keeps_it() {
    let t = json_of(&shop(api_domain()));
    assert_eq!(
        t["Resources"]["RestApi"]["Properties"]["DisableExecuteApiEndpoint"],
        true
    );
    let kept = shop(api_domain());
    let kept = Stack::new("shop", kept.api().clone().execute_api_endpoint(true))
        .parameter(Parameter::string("HostedZoneId"));
    let t = json_of(&kept);
    assert!(
        t["Resources"]["RestApi"]["Properties"]
            .get("DisableExecuteApiEndpoint")
            .is_none()
    );
    let plain = RestApi::new("shop").route("/items", Method::get(Integration::mock()).iam());
    let t = json_of(&Stack::new("shop", plain));
    assert!(
        t["Resources"]["RestApi"]["Properties"]
            .get("DisableExecuteApiEndpoint")
            .is_none()
    );
}

#[test]
fn domains_are_tagged_with_the_apis_tags_and_their_own() {
    let api = shop(api_domain().tag("exposure", "public"))
        .api()
        .clone()
        .tag("team", "shop");
    let t = json_of(&Stack::new("shop", api).parameter(Parameter::string("HostedZoneId")));
    assert_eq!(
        of_type(&t, "AWS::ApiGateway::DomainName")[0].1["Properties"]["Tags"],
        json!([{ "Key": "exposure", "Value": "public" }, { "Key": "team", "Value": "shop" }])
    );
}

#[test]
fn a_web_acl_protects_the_stage_that_names_it() {
    let t = json_of(&shop_api(api_domain(), Stage::new("prod").web_acl(WEB_ACL)));
    let acls = of_type(&t, "AWS::WAFv2::WebACLAssociation");
    assert_eq!(acls.len(), 1, "beta has none");
    assert_eq!(
        acls[0].1["Properties"],
        json!({
            "ResourceArn": { "Fn::Sub":
                "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApi}/stages/${StageProd}" },
            "WebACLArn": WEB_ACL,
        })
    );
}

#[test]
fn domains_records_and_web_acls_stay_in_the_parent_of_a_split_stack() {
    let mut api = shop_api(
        api_domain().route53_alias(Value::parameter("HostedZoneId")),
        Stage::new("prod").web_acl(WEB_ACL),
    )
    .api()
    .clone();
    for k in 0..12 {
        api.add_route(
            &format!("/area{k}/{{id}}"),
            Method::get(Integration::lambda("list-items")).iam(),
        );
    }
    let stack = Stack::new("shop", api).parameter(Parameter::string("HostedZoneId"));
    let templates = split_templates(&stack, 8).expect("splits");
    assert!(templates.len() > 2, "{} templates", templates.len());
    let types = |t: &apigw_synth::cfn::Template| -> Vec<String> {
        let j: Json = serde_json::to_value(t).unwrap();
        j["Resources"]
            .as_object()
            .unwrap()
            .values()
            .map(|r| r["Type"].as_str().unwrap().to_owned())
            .collect()
    };
    let parent = types(&templates[0]);
    for wanted in [
        "AWS::ApiGateway::DomainName",
        "AWS::ApiGateway::BasePathMapping",
        "AWS::Route53::RecordSet",
        "AWS::WAFv2::WebACLAssociation",
    ] {
        assert!(parent.iter().any(|t| t == wanted), "{wanted} not in parent");
        for nested in &templates[1..] {
            assert!(
                !types(nested).iter().any(|t| t == wanted),
                "{wanted} nested"
            );
        }
    }
}

#[test]
fn edge_mutual_tls_and_web_acl_templates_pass_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, stack) in [
        (
            "edge",
            shop_api(
                api_domain()
                    .endpoint_type(EndpointType::Edge)
                    .route53_alias(Value::parameter("HostedZoneId")),
                Stage::new("prod").web_acl(WEB_ACL),
            ),
        ),
        (
            "mtls",
            shop(
                api_domain()
                    .mutual_tls("s3://shop-truststore/ca.pem")
                    .security_policy(SecurityPolicy::Tls12)
                    .route53_alias(Value::parameter("HostedZoneId")),
            ),
        ),
    ] {
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
        paths.push(path);
    }
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&paths);
}

/// The access-control changes of `diff`, each as `subject: aspect`.
fn access_control(diff: &Diff) -> Vec<String> {
    diff.access_control
        .iter()
        .map(|c| format!("{c:?}"))
        .collect()
}

#[test]
fn a_web_acl_removed_is_an_access_control_change() {
    let old = shop_api(api_domain(), Stage::new("prod").web_acl(WEB_ACL));
    let new = shop(api_domain());
    let diff = compare(&old, &new);
    let changes = access_control(&diff);
    assert!(
        changes
            .iter()
            .any(|c| c.contains("AWS::WAFv2::WebACLAssociation")),
        "{changes:#?}"
    );
}

#[test]
fn a_weaker_tls_policy_or_mutual_tls_removed_is_an_access_control_change() {
    let strict = shop(api_domain().mutual_tls("s3://shop-truststore/ca.pem"));
    for weaker in [
        shop(
            api_domain()
                .mutual_tls("s3://shop-truststore/ca.pem")
                .security_policy(SecurityPolicy::Tls10),
        ),
        shop(api_domain()),
    ] {
        let diff = compare(&strict, &weaker);
        assert!(!diff.access_control.is_empty(), "{diff:#?}");
        assert!(diff.other.is_empty(), "{diff:#?}");
    }
}

#[test]
fn a_base_path_mapped_to_another_stage_is_an_access_control_change() {
    let old = shop(api_domain());
    let new = shop(
        DomainName::new("api.shop.example.com", CERTIFICATE)
            .base_path("", "beta")
            .base_path("beta", "beta"),
    );
    let diff = compare(&old, &new);
    let changes = access_control(&diff);
    assert!(
        changes.iter().any(|c| c.contains("Stage:beta")),
        "{changes:#?}"
    );
    support::with_snapshots(|| {
        insta::assert_snapshot!(
            "diff_base_path_remapped",
            review::render_text(
                &[review::StackDiff {
                    name: "shop".to_owned(),
                    old: "before".to_owned(),
                    new: "after".to_owned(),
                    diff,
                }],
                false
            )
        );
    });
}

#[test]
fn tree_shows_each_domain_with_its_base_paths_and_each_stages_web_acl() {
    let stack = shop_api(
        api_domain().mutual_tls("s3://shop-truststore/ca.pem"),
        Stage::new("prod").web_acl(WEB_ACL),
    );
    let t = synthesize(&stack).unwrap();
    let tree = review::render_tree(&review::model_of(&t), false);
    assert!(
        tree.contains(
            "domain api.shop.example.com (REGIONAL, TLS_1_2, mutual TLS s3://shop-truststore/ca.pem): /beta → beta, / → prod"
        ),
        "{tree}"
    );
    assert!(
        tree.lines()
            .any(|l| l.starts_with("stage prod:") && l.ends_with(&format!("web ACL {WEB_ACL}"))),
        "{tree}"
    );
}
